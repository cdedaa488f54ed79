using Codemate.Native;

namespace Codemate.Sessions;

/// <summary>
/// Reads and writes the one-word status files. Agents rewrite them in place, with or without a trailing
/// newline, so a read may catch an empty file: that reads as <see cref="AgentStatus.Unknown"/> and the write
/// that follows raises another change.
/// </summary>
internal static class StatusFile
{
    public const string Busy = "busy";
    public const string Idle = "idle";
    public const string Error = "error";

    /// <summary>A status word is a few bytes; anything longer is not one.</summary>
    public const int MaxBytes = 64;

    public static AgentStatus Read(string path) => Read(path, out _);

    /// <summary>
    /// Reads the status file as an untrusted file (<see cref="AgentFile"/>): a link, FIFO, device or a file longer than
    /// <see cref="MaxBytes"/> reads as <see cref="AgentStatus.Unknown"/>, and <paramref name="read"/> says why.
    /// </summary>
    public static AgentStatus Read(string path, out AgentFileRead read)
    {
        read = AgentFile.Read(path, MaxBytes, out var text);
        return read == AgentFileRead.Read ? Parse(text) : AgentStatus.Unknown;
    }

    public static AgentStatus Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        Busy => AgentStatus.Busy,
        Idle => AgentStatus.Idle,
        Error => AgentStatus.Failed,
        _ => AgentStatus.Unknown,
    };

    /// <summary>
    /// Replaces the file atomically, so neither the agent nor the watcher sees half a word; or, with
    /// <paramref name="inPlace"/>, rewrites the existing file: a sandboxed agent sees the file through a bind mount of
    /// that very file, which a replacement would leave behind. (The agent cannot swap a mount point for a link.)
    /// </summary>
    public static void Write(string path, string word, bool inPlace = false)
    {
        if (inPlace && File.Exists(path))
        {
            File.WriteAllText(path, word);
            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        PrivateFiles.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        PrivateFile.CreateNew(temporary, word);
        File.Move(temporary, path, overwrite: true);
    }
}
