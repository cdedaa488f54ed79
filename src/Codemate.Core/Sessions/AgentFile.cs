using System.Runtime.InteropServices;
using System.Text;
using Codemate.Native;
using Microsoft.Win32.SafeHandles;

namespace Codemate.Sessions;

/// <summary>
/// Reads files an agent can write (its status file, its Claude Code state) without trusting them: no symbolic link is
/// followed, only a regular file is read, opening never waits (a FIFO would hang the thread) and at most a given
/// number of bytes is read (a link to <c>/dev/zero</c> would otherwise fill the server's memory). .NET's own APIs
/// follow links and block on FIFOs, so on Unix the file is opened through libc with <c>O_NOFOLLOW | O_NONBLOCK</c>
/// and, on Linux, its kind is checked on the open descriptor (<c>statx</c>), so a swap after a check cannot slip by.
/// </summary>
internal static class AgentFile
{
    private const int StatxEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    private static volatile bool s_statxMissing;

    /// <summary>Reads <paramref name="path"/> as UTF-8 if it is a regular file of at most <paramref name="maxBytes"/> bytes.</summary>
    public static AgentFileRead Read(string path, int maxBytes, out string text)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        text = string.Empty;
        var buffer = new byte[maxBytes + 1];
        int length;
        try
        {
            using var handle = OperatingSystem.IsWindows() ? OpenWindows(path, out var opened) : OpenUnix(path, out opened);
            if (handle is null)
            {
                return opened;
            }

            length = ReadUpTo(handle, buffer);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return AgentFileRead.Missing;
        }

        if (length > maxBytes)
        {
            return AgentFileRead.TooLarge;
        }

        text = Encoding.UTF8.GetString(buffer, 0, length);
        return AgentFileRead.Read;
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading if it is a regular file and not a link, as <see cref="Read"/> does, for
    /// a caller that reads it in parts (a transcript that grows). <see langword="null"/> with the reason otherwise.
    /// </summary>
    public static SafeFileHandle? Open(string path, out AgentFileRead result)
    {
        try
        {
            return OperatingSystem.IsWindows() ? OpenWindows(path, out result) : OpenUnix(path, out result);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            result = AgentFileRead.Missing;
            return null;
        }
    }

    /// <summary>
    /// When <paramref name="path"/> was last written, if it is a file and not a symbolic link (whose target is not
    /// looked at): lstat semantics.
    /// </summary>
    public static DateTime? LastWriteTimeUtc(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null ? info.LastWriteTimeUtc : null;
    }

    private static SafeFileHandle? OpenUnix(string path, out AgentFileRead result)
    {
        int fd;
        do
        {
            fd = Libc.Open(path, OpenFlags.ReadUntrusted);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);

        if (fd < 0)
        {
            // O_NOFOLLOW refuses a link with ELOOP (EMLINK on some BSDs): ask the path instead of decoding errno.
            result = new FileInfo(path).LinkTarget is null ? AgentFileRead.Missing : AgentFileRead.NotRegular;
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (OperatingSystem.IsLinux() && IsRegular(fd) == false)
        {
            handle.Dispose();
            result = AgentFileRead.NotRegular;
            return null;
        }

        result = AgentFileRead.Read;
        return handle;
    }

    private static SafeFileHandle? OpenWindows(string path, out AgentFileRead result)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            result = AgentFileRead.Missing;
            return null;
        }

        if (info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            result = AgentFileRead.NotRegular;
            return null;
        }

        result = AgentFileRead.Read;
        return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Whether the open descriptor is a regular file, or <see langword="null"/> where the kernel or libc cannot say.</summary>
    private static bool? IsRegular(int fd)
    {
        if (s_statxMissing)
        {
            return null;
        }

        Span<byte> statx = stackalloc byte[256];
        try
        {
            if (Libc.Statx(fd, string.Empty, StatxEmptyPath, StatxType, statx) != 0)
            {
                // Old seccomp profiles refuse statx; O_NOFOLLOW, O_NONBLOCK and the byte limit still hold.
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            s_statxMissing = true;
            return null;
        }

        var mode = MemoryMarshal.Read<ushort>(statx[StatxModeOffset..]);
        return (mode & FileTypeMask) == RegularFile;
    }

    private static int ReadUpTo(SafeFileHandle handle, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
