using CliWrap.Buffered;
using Codemate.Native;

namespace Codemate.Sessions;

/// <summary>
/// Removes a socket file no tmux server listens on (its server crashed or was killed), the way tmux itself replaces
/// one: only while holding tmux's start lock, <c>{socket}.lock</c> (<c>flock</c>, which .NET takes for
/// <see cref="FileShare.None"/>), and only if the server still does not answer then. Without the lock, a server that
/// has just bound the socket but not yet listens would lose its socket, and its session would be out of reach.
/// </summary>
internal static class TmuxStaleSocket
{
    public static async Task RemoveAsync(string socket, Func<CancellationToken, Task<BufferedCommandResult>> ask, CancellationToken cancellationToken)
    {
        var lockFile = socket + ".lock";
        FileStream held;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFiles.FileMode;
            }

            held = new FileStream(lockFile, options);
        }
        catch (IOException)
        {
            // A tmux client holds the lock: it is starting a server on this socket.
            return;
        }

        await using (held.ConfigureAwait(false))
        {
            var again = await ask(cancellationToken).ConfigureAwait(false);
            if (again.ExitCode != 0 && TmuxSessionHost.IsNoServer(again.StandardError))
            {
                File.Delete(socket);
            }

            File.Delete(lockFile);
        }
    }
}
