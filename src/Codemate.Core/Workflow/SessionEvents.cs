using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Workflow.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

/// <summary>
/// Turns what the supervisor sees into the issue's story: busy/idle refresh the status comment (coalesced), a push
/// refreshes the commit count, and a tmux session that is gone ends the session and frees its slot.
/// </summary>
internal sealed partial class SessionEvents(
    ISessionSupervisor sessions,
    IdlePushService pushes,
    SessionActivity activity,
    StatusReporter reporter,
    SessionStopper stopper,
    ILogger<SessionEvents> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.StatusChanged += OnStatusChanged;
        pushes.Pushed += OnPushed;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.StatusChanged -= OnStatusChanged;
        pushes.Pushed -= OnPushed;
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnStatusChanged(object? sender, SessionStatusChangedEventArgs e)
    {
        activity.Changed(e.Issue, e.Previous, e.Current, e.At);
        if (e.Current == AgentStatus.Exited)
        {
            _ = Task.Run(() => ExitedAsync(e.Issue, e.Exit, _stopping.Token));
            return;
        }

        reporter.RequestRefresh(e.Issue);
    }

    private void OnPushed(object? sender, IssueKey issue) => reporter.RequestRefresh(issue);

    private async Task ExitedAsync(IssueKey issue, SessionExit? exit, CancellationToken cancellationToken)
    {
        try
        {
            await stopper.ExitedAsync(issue, exit, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.ExitFailed(logger, issue.Repository.FullName, issue.Number, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8301, LogLevel.Warning, "Could not record the end of the session of {Repository}#{Issue}")]
        public static partial void ExitFailed(ILogger logger, string repository, int issue, Exception exception);
    }
}
