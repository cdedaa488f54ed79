using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

/// <summary>At host start, re-attaches to agent sessions that outlived the previous process.</summary>
internal sealed partial class SessionResumer(ISessionSupervisor supervisor, ILogger<SessionResumer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await supervisor.ResumeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // tmux missing or broken must not keep the webhook from accepting work; new sessions will fail loudly.
            Log.ResumeFailed(logger, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Error, "Could not re-attach to running agent sessions")]
        public static partial void ResumeFailed(ILogger logger, Exception exception);
    }
}
