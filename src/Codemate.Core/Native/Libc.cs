using System.Runtime.InteropServices;

namespace Codemate.Native;

/// <summary>
/// The few libc calls .NET has no API for: opening a file without following a symbolic link or waiting on a FIFO,
/// asking an open descriptor what kind of file it is and the process's effective user.
/// </summary>
internal static partial class Libc
{
    public const int EINTR = 4;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint Geteuid();
}
