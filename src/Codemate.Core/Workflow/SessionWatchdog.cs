using System.Globalization;
using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Hosting;
using Codemate.Workflow.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// Every <see cref="WorkflowOptions.WatchdogInterval"/>: stops sessions over a budget (wall time, idle time, a busy
/// agent whose terminal stopped changing) with the reason on the status comment, and starts queued issues when a
/// slot is free (which also resumes the queue after a restart), and posts review-thread replies a crash left recorded
/// but not posted.
/// </summary>
internal sealed partial class SessionWatchdog(
    IStateStore store,
    ISessionSupervisor sessions,
    ISessionHost host,
    SessionActivity activity,
    SessionStopper stopper,
    UsageBudget usage,
    StatusReporter reporter,
    QueuePromoter promoter,
    Reviews.ReviewReplies replies,
    Replicas.IIssueOwnership ownership,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<SessionWatchdog> logger) : PeriodicService(time, logger)
{
    protected override TimeSpan Interval => options.Value.WatchdogInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        // Another replica's agents are that replica's to stop.
        var here = await ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in (await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false)).Where(r => here.IsHere(r.Issue)))
        {
            if (record.State == SessionState.Running && await OverBudgetAsync(record, now, cancellationToken).ConfigureAwait(false) is { } over)
            {
                Log.OverBudget(logger, record.Issue.Repository.FullName, record.Issue.Number, over.Reason);
                await stopper.StopAsync(record.Issue, over.Reason, closed: false, finished: over.Finished, cancellationToken).ConfigureAwait(false);
            }
            else if (record.State == SessionState.Running && await usage.CheckAsync(record.Issue, cancellationToken).ConfigureAwait(false))
            {
                reporter.RequestRefresh(record.Issue);
            }
        }

        await promoter.PromoteAsync(cancellationToken).ConfigureAwait(false);
        await replies.PostRecordedAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Reason, bool Finished)?> OverBudgetAsync(SessionRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var budgets = options.Value;
        if (budgets.MaxSessionDuration > TimeSpan.Zero && record.StartedAt is { } started && now - started >= budgets.MaxSessionDuration)
        {
            return ($"the session reached its maximum run time of {Minutes(budgets.MaxSessionDuration)} ({EnvironmentVariables.MaxSessionMinutes}).", false);
        }

        var status = sessions.GetStatus(record.Issue);
        if (status is not (AgentStatus.Idle or AgentStatus.Busy))
        {
            return null;
        }

        var since = activity.Since(record.Issue, status, now);
        if (status == AgentStatus.Idle && budgets.MaxIdleDuration > TimeSpan.Zero && now - since >= budgets.MaxIdleDuration)
        {
            return ($"the agent waited for input for {Minutes(budgets.MaxIdleDuration)} ({EnvironmentVariables.MaxIdleMinutes}).", true);
        }

        if (status == AgentStatus.Busy && budgets.HungAgentTimeout > TimeSpan.Zero)
        {
            var pane = await host.CapturePaneAsync(record.SessionName, cancellationToken).ConfigureAwait(false);
            if (now - activity.PaneUnchangedSince(record.Issue, pane, now) >= budgets.HungAgentTimeout)
            {
                return ($"the agent looked hung: busy with no change on its screen for {Minutes(budgets.HungAgentTimeout)} ({EnvironmentVariables.HungAgentMinutes}).", false);
            }
        }

        return null;
    }

    private static string Minutes(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.##} minutes");

    private static partial class Log
    {
        [LoggerMessage(8401, LogLevel.Information, "Stopping the agent for {Repository}#{Issue}: {Reason}")]
        public static partial void OverBudget(ILogger logger, string repository, int issue, string reason);
    }
}
