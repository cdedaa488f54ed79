using System.Runtime.InteropServices;

namespace Codemate.Native;

/// <summary>
/// <c>open(2)</c> flags for reading a file another user may have tampered with. Their values differ between kernels
/// and, on Linux, between architectures (arm and powerpc number <c>O_NOFOLLOW</c> differently).
/// </summary>
internal static class OpenFlags
{
    /// <summary>Read only, no symbolic link followed, no wait on a FIFO, no controlling terminal, closed on exec.</summary>
    public static int ReadUntrusted { get; } = Compute();

    private static int Compute()
    {
        if (OperatingSystem.IsLinux())
        {
            const int NonBlock = 0x800, NoCtty = 0x100, CloseOnExec = 0x80000;
            var noFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le
                ? 0x8000
                : 0x20000;
            return NonBlock | NoCtty | CloseOnExec | noFollow;
        }

        // macOS and the BSDs: O_NONBLOCK 0x4, O_NOFOLLOW 0x100.
        return 0x4 | 0x100;
    }
}
