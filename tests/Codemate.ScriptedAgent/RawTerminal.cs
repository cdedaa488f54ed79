using System.Runtime.InteropServices;

namespace Codemate.Scripted;

/// <summary>
/// <c>stty raw -echo</c> on standard input, done in-process: .NET re-applies its own terminal settings whenever a
/// child process that shares the terminal exits, so running <c>stty</c> as a child would not stick.
/// </summary>
internal static partial class RawTerminal
{
    private const int StandardInput = 0;
    private const int SetNow = 0; // TCSANOW

    public static bool TryEnable()
    {
        // struct termios is 60 bytes with glibc; the buffer leaves room for any libc.
        var termios = new byte[256];
        if (tcgetattr(StandardInput, termios) != 0)
        {
            return false;
        }

        cfmakeraw(termios);
        return tcsetattr(StandardInput, SetNow, termios) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);
}
