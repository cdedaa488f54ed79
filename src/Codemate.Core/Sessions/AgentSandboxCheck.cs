using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

/// <summary>
/// At startup: with the sandbox on (the default), proves bubblewrap can start one here, and refuses to start with
/// one line saying what to install or set when it cannot; with <c>CODEMATE_SANDBOX=none</c>, warns that agents run
/// with everything Codemate's user can reach.
/// </summary>
internal sealed partial class AgentSandboxCheck(AgentSandbox sandbox, IHostApplicationLifetime lifetime, ILogger<AgentSandboxCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!sandbox.Enabled)
        {
            lifetime.ApplicationStarted.Register(() => Log.Unsandboxed(logger));
            return;
        }

        if (await AgentSandbox.ProbeAsync(cancellationToken).ConfigureAwait(false) is not { } problem)
        {
            return;
        }

        throw new CodemateException(problem);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(5202, LogLevel.Warning, "CODEMATE_SANDBOX=none: agents run unsandboxed, with everything Codemate's user can read, every process it can signal and every session's tmux server")]
        public static partial void Unsandboxed(ILogger logger);
    }
}
