using CliWrap;
using CliWrap.Buffered;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// tmux on Codemate's own server socket (<c>-L</c>), never the operator's default one. Sessions are always
/// targeted exactly (<c>-t =name</c>) because tmux otherwise matches names by prefix.
/// </summary>
internal sealed class TmuxSessionHost(IOptions<AgentOptions> options) : ISessionHost
{
    public async Task<bool> IsAliveAsync(string sessionName, CancellationToken cancellationToken)
    {
        var result = await Tmux(["has-session", "-t", "=" + sessionName]).ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await Tmux(["list-sessions", "-F", "#{session_name}"]).ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            : [];
    }

    public Task StartAsync(SessionLaunch launch, CancellationToken cancellationToken) => throw new NotSupportedException("Implemented with the sessions issue.");

    public Task SendTextAsync(string sessionName, string text, CancellationToken cancellationToken) => throw new NotSupportedException("Implemented with the sessions issue.");

    public Task<string> CapturePaneAsync(string sessionName, CancellationToken cancellationToken) => throw new NotSupportedException("Implemented with the sessions issue.");

    public Task StopAsync(string sessionName, CancellationToken cancellationToken) => throw new NotSupportedException("Implemented with the sessions issue.");

    private Command Tmux(string[] arguments) =>
        Cli.Wrap("tmux")
            .WithArguments(args => args.Add("-L").Add(options.Value.TmuxSocket).Add(arguments))
            .WithValidation(CommandResultValidation.None);
}
