using System.Globalization;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workflow.Status;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// Ends sessions and wraps them up: records why, ends the tmux session (the workspace is kept), commits what the agent
/// left uncommitted as a checkpoint and pushes its commits (also when the issue was closed, before retention removes the
/// workspace), marks the pull request ready for review when that is enabled and the agent finished with commits, updates
/// the status comment and hands the freed slot to the queue.
/// </summary>
internal sealed partial class SessionStopper(
    IStateStore store,
    SessionLifecycle lifecycle,
    ISessionSupervisor sessions,
    IWorkspaceManager workspaces,
    WorkspaceCheckpoint checkpoint,
    IGitHubApi github,
    AgentCommits commits,
    StatusReporter reporter,
    QueuePromoter promoter,
    SessionActivity activity,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<SessionStopper> logger)
{
    private static readonly HashSet<SessionState> LiveStates = [SessionState.Queued, SessionState.Preparing, SessionState.Running];
    private static readonly HashSet<SessionState> AnyState = [.. Enum.GetValues<SessionState>()];
    private static readonly HashSet<SessionState> RunningOrPreparing = [SessionState.Running, SessionState.Preparing];

    /// <summary>Stops the issue's session (or takes it out of the queue) because of <paramref name="reason"/>.</summary>
    /// <param name="issue">The issue.</param>
    /// <param name="reason">Why, as a sentence for the status comment.</param>
    /// <param name="closed">The issue or its pull request was closed: the workspace is removed after the retention period.</param>
    /// <param name="finished">The agent's work counts as finished (it went quiet), so the pull request may be marked ready for review.</param>
    /// <param name="cancellationToken">Cancels the stop.</param>
    public async Task StopAsync(IssueKey issue, string reason, bool closed, bool finished, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wasLive = false;

        // Saved before tmux ends, so the exit this causes is not mistaken for the agent finishing on its own.
        var record = await lifecycle.TryTransitionAsync(
            issue,
            closed ? AnyState : LiveStates,
            SessionState.Stopped,
            current =>
            {
                wasLive = current.IsActive;
                return current with
                {
                    LastError = reason,
                    ErrorDetail = null,
                    EndedAt = wasLive ? now : current.EndedAt,
                    ClosedAt = closed ? now : current.ClosedAt,
                    QueuedAt = null,
                    UpdatedAt = now,
                };
            },
            cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            Log.NothingToStop(logger, issue.Repository.FullName, issue.Number, reason);
            return;
        }

        await sessions.StopSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        activity.Forget(issue);
        Log.Stopped(logger, issue.Repository.FullName, issue.Number, reason);
        if (wasLive)
        {
            await WrapUpAsync(record, finished && !closed, reason, cancellationToken).ConfigureAwait(false);
        }

        await reporter.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
        await promoter.PromoteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the issue's session because its pull request was closed or merged, when that pull request is the one
    /// Codemate recorded for the issue. The router already refused pull requests from forks; this refuses another
    /// pull request of the same repository on a branch named <c>issue-N</c>, which anyone who can push a branch opens.
    /// </summary>
    public async Task PullRequestClosedAsync(PullRequestClosed work, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        var mismatch = (work.PullRequestNumber, record?.PullRequestNumber) switch
        {
            (null, _) => "the work names no pull request number (recorded by an older Codemate)",
            (_, null) => "Codemate recorded no pull request for the issue",
            (var closed, var own) when closed != own => string.Create(CultureInfo.InvariantCulture, $"Codemate's pull request for the issue is #{own}, not #{closed}"),
            _ => null,
        };
        if (mismatch is not null)
        {
            Log.NotOwnPullRequest(logger, issue.Repository.FullName, issue.Number, work.PullRequestNumber ?? 0, mismatch);
            return;
        }

        var reason = work.Merged ? "the pull request was merged." : "the pull request was closed.";
        await StopAsync(issue, reason, closed: true, finished: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The issue's tmux session is gone: when nobody stopped it, the agent finished on its own, or, if it never got
    /// its task (<paramref name="exit"/>), failed to start; that is never reported as done.
    /// </summary>
    public async Task ExitedAsync(IssueKey issue, SessionExit? exit, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        // An agent started beside its pull request can fail to start while the issue is still preparing.
        var failedStart = exit is { FailedStart: true };
        if (record is { State: SessionState.Running } or { State: SessionState.Preparing } && (record.State == SessionState.Running || failedStart)
            && !await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            // Only a session still recorded as running (or, for a failed start, preparing) ended on its own; a stop
            // saved meanwhile wins.
            record = exit is { FailedStart: true }
                ? await lifecycle.TryTransitionAsync(issue, RunningOrPreparing, SessionState.Failed, current => current with { LastError = FailedStartReason(exit), ErrorDetail = null, AgentScreen = exit.Screen, EndedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false)
                : await lifecycle.TryTransitionAsync(issue, SessionState.Running, SessionState.Done, current => current with { LastError = null, ErrorDetail = null, AgentScreen = null, EndedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return;
            }

            activity.Forget(issue);
            if (failedStart)
            {
                Log.FailedStart(logger, issue.Repository.FullName, issue.Number, record.LastError!);
            }
            else
            {
                Log.Finished(logger, issue.Repository.FullName, issue.Number);
            }

            // An agent that never got its task left nothing of its own in the worktree.
            await WrapUpAsync(record, finished: !failedStart, failedStart ? null : "the agent exited.", cancellationToken).ConfigureAwait(false);
            await reporter.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
        }

        await promoter.PromoteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string FailedStartReason(SessionExit exit) =>
        (exit.Failure switch
        {
            StartFailure.NotReady => "the agent did not get ready for its task in time (it never reported idle; CODEMATE_AGENT_START_SECONDS) and was stopped.",
            StartFailure.FirstTurnFailed => "the agent's first turn ended in an error from the model API, so it never worked on the task; it was stopped.",
            _ => "the agent exited before it received its task.",
        })
        + " Check that the agent starts on this host (`codemate doctor`): its program and version, the model credential "
        + "(ANTHROPIC_API_KEY) and API URL (ANTHROPIC_BASE_URL), and that it does not run as root.";

    /// <param name="record">The session as it ended.</param>
    /// <param name="finished">The agent's work counts as finished: the pull request may be marked ready for review.</param>
    /// <param name="reason">Why the session ended, for a checkpoint commit of uncommitted work; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the wrap-up.</param>
    private async Task WrapUpAsync(SessionRecord record, bool finished, string? reason, CancellationToken cancellationToken)
    {
        var issue = record.Issue;
        try
        {
            if (record.Workspace is not null)
            {
                if (reason is not null)
                {
                    await checkpoint.CommitAsync(record.Workspace, record.Branch, reason, cancellationToken).ConfigureAwait(false);
                }

                await workspaces.PushIfAheadAsync(record.Workspace, record.Branch, record.InstallationId, cancellationToken).ConfigureAwait(false);
            }

            var pushed = await commits.CountPushedAsync(record, cancellationToken).ConfigureAwait(false);
            if (finished && pushed > 0 && options.Value.ReadyForReview && record.PullRequestNumber is { } number && !record.MarkedReadyForReview)
            {
                await github.MarkPullRequestReadyForReviewAsync(issue.Repository, number, record.InstallationId, cancellationToken).ConfigureAwait(false);
                await lifecycle.UpdateAsync(issue, latest => latest with { MarkedReadyForReview = true }, cancellationToken).ConfigureAwait(false);

                Log.MarkedReady(logger, issue.Repository.FullName, issue.Number, number);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.WrapUpFailed(logger, issue.Repository.FullName, issue.Number, exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8201, LogLevel.Information, "Stopped the agent for {Repository}#{Issue}: {Reason}")]
        public static partial void Stopped(ILogger logger, string repository, int issue, string reason);

        [LoggerMessage(8202, LogLevel.Information, "The agent for {Repository}#{Issue} finished on its own")]
        public static partial void Finished(ILogger logger, string repository, int issue);

        [LoggerMessage(8203, LogLevel.Information, "Marked pull request #{PullRequest} of {Repository}#{Issue} ready for review")]
        public static partial void MarkedReady(ILogger logger, string repository, int issue, int pullRequest);

        [LoggerMessage(8206, LogLevel.Error, "The agent for {Repository}#{Issue} failed to start: {Reason}")]
        public static partial void FailedStart(ILogger logger, string repository, int issue, string reason);

        [LoggerMessage(8205, LogLevel.Information, "No live session to stop for {Repository}#{Issue} ({Reason})")]
        public static partial void NothingToStop(ILogger logger, string repository, int issue, string reason);

        [LoggerMessage(8207, LogLevel.Information, "Ignored the close of pull request #{PullRequest} for {Repository}#{Issue}: {Reason}")]
        public static partial void NotOwnPullRequest(ILogger logger, string repository, int issue, int pullRequest, string reason);

        [LoggerMessage(8204, LogLevel.Warning, "Could not wrap up the session of {Repository}#{Issue} (push, ready for review)")]
        public static partial void WrapUpFailed(ILogger logger, string repository, int issue, Exception exception);
    }
}
