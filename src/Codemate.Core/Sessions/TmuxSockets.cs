using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Codemate.Configuration;
using Codemate.Native;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// Where each session's own tmux server listens: one socket per session, <c>{directory}/{session name}</c>, in a
/// directory that is Codemate's user's alone (0700). The directory is <c>CODEMATE_TMUX_SOCKET_PATH</c> when set, else
/// <c>${TMUX_TMPDIR:-/tmp}/tmux-{uid}/{CODEMATE_TMUX_SOCKET}.d</c>, beside where <c>tmux -L</c> keeps its sockets. A
/// unix socket's path holds at most <see cref="MaxPathBytes"/> bytes and a session name can be longer (owner and
/// repository names reach 139 characters): a name that does not fit is shortened to a prefix and a hash of the whole
/// name, which is as stable and unique as the name itself.
/// </summary>
internal sealed class TmuxSockets(IOptions<AgentOptions> options)
{
    /// <summary>sun_path's 108 bytes less the terminating NUL.</summary>
    public const int MaxPathBytes = 107;

    /// <summary>The shortest socket file name a directory must leave room for: a readable prefix, a dash and the hash.</summary>
    public const int MinFileNameBytes = 40;

    private const int HashLength = 16;

    private const int StatxNoFollow = 0x100;
    private const int CurrentDirectory = -100;
    private const uint StatxTypeModeUid = 0x1 | 0x2 | 0x8;
    private const int StatxUidOffset = 20;
    private const int StatxModeOffset = 28;
    private const int DirectoryType = 0x4000;

    public string Directory => DirectoryFor(options.Value);

    /// <summary>The directory <paramref name="agent"/> selects.</summary>
    public static string DirectoryFor(AgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!string.IsNullOrWhiteSpace(agent.TmuxSocketPath))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(HomePath.Expand(agent.TmuxSocketPath)));
        }

        var temporary = Environment.GetEnvironmentVariable("TMUX_TMPDIR") is { Length: > 0 } tmpdir ? tmpdir : "/tmp";
        var uid = OperatingSystem.IsWindows() ? "0" : Libc.Geteuid().ToString(CultureInfo.InvariantCulture);
        return Path.Combine(Path.GetFullPath(temporary), "tmux-" + uid, agent.TmuxSocket + ".d");
    }

    /// <summary>Why <paramref name="agent"/>'s directory cannot hold the sessions' sockets, or <see langword="null"/>.</summary>
    public static string? Problem(AgentOptions agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (string.IsNullOrWhiteSpace(agent.TmuxSocketPath) && agent.TmuxSocket.Contains('/', StringComparison.Ordinal))
        {
            return $"{EnvironmentVariables.TmuxSocket} names a directory of tmux sockets and cannot hold '/': '{agent.TmuxSocket}'.";
        }

        var directory = DirectoryFor(agent);
        var room = MaxPathBytes - Encoding.UTF8.GetByteCount(directory) - 1;
        return room >= MinFileNameBytes ? null
            : $"The tmux sockets directory '{directory}' is too long: a session's socket is '<directory>/<session>' and a unix socket path holds at most {MaxPathBytes} bytes, "
              + $"so the directory may take {MaxPathBytes - MinFileNameBytes - 1} bytes. Set {EnvironmentVariables.TmuxSocketPath} (or TMUX_TMPDIR) to a shorter directory.";
    }

    /// <summary>The socket of <paramref name="sessionName"/>'s tmux server.</summary>
    public string PathFor(string sessionName) => PathFor(Directory, sessionName);

    /// <summary>The socket of <paramref name="sessionName"/>'s tmux server in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string sessionName)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentException.ThrowIfNullOrEmpty(sessionName);
        var room = MaxPathBytes - Encoding.UTF8.GetByteCount(directory) - 1;
        return Path.Combine(directory, Encoding.UTF8.GetByteCount(sessionName) <= room ? sessionName : Shortened(sessionName, room));
    }

    /// <summary>The sockets in the directory: files whose name could be a session's (tmux's <c>.lock</c> files are not).</summary>
    public IReadOnlyList<string> List()
    {
        var directory = Directory;
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        // A session name never holds a '.' (SessionNames.Sanitize); tmux's lock files end in ".lock".
        return [.. System.IO.Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).Contains('.', StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Creates the directory (and its parents) 0700 when missing, and refuses one that is a link, another user's, or
    /// open to group or others: whoever can write there can put a server of theirs where Codemate types.
    /// </summary>
    public string EnsureDirectory()
    {
        var directory = Directory;
        PrivateFiles.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows() && CheckPrivate(directory) is { } problem)
        {
            throw new CodemateException($"The tmux sockets directory '{directory}' {problem}; remove it or set {EnvironmentVariables.TmuxSocketPath} to a directory of Codemate's user's alone (0700).");
        }

        return directory;
    }

    private static string? CheckPrivate(string directory)
    {
        Span<byte> statx = stackalloc byte[256];
        if (Libc.Statx(CurrentDirectory, directory, StatxNoFollow, StatxTypeModeUid, statx) != 0)
        {
            return $"cannot be examined (errno {Marshal.GetLastPInvokeError()})";
        }

        var mode = MemoryMarshal.Read<ushort>(statx[StatxModeOffset..]);
        var owner = MemoryMarshal.Read<uint>(statx[StatxUidOffset..]);
        if ((mode & 0xF000) != DirectoryType)
        {
            return "is not a directory (or is a symbolic link)";
        }

        if (owner != Libc.Geteuid())
        {
            return $"belongs to uid {owner}, not to Codemate's user";
        }

        return (mode & 0x3F) != 0 ? $"is open to group or others (mode {Convert.ToString(mode & 0x1FF, 8)})" : null;
    }

    private static string Shortened(string sessionName, int room)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionName)).AsSpan(0, HashLength / 2));
        var prefix = new StringBuilder();
        var bytes = 0;
        foreach (var rune in sessionName.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > room - HashLength - 1)
            {
                break;
            }

            prefix.Append(rune.ToString());
        }

        return prefix + "-" + hash;
    }
}
