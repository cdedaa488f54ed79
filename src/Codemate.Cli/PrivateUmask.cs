using System.Runtime.InteropServices;

namespace Codemate.Cli;

/// <summary>
/// Sets the process's umask to 077, so files git, SQLite, tmux and everything else this process starts create are
/// private too. Process-wide, so only a process that is Codemate's own (<c>codemate serve</c>) does it: a host
/// application that calls <c>AddCodemate</c> keeps its own umask.
/// </summary>
internal static partial class PrivateUmask
{
    /// <summary>Group and others lose every permission on files the process creates from now on.</summary>
    private const uint PrivateMask = 0x3F; // 077

    public static void Apply()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(PrivateMask);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint Umask(uint mask);
}
