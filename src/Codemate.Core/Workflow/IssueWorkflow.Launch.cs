using Codemate.Diagnostics;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workspaces;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    /// <summary>Takes a slot (or queues), prepares what is missing, queues the issue (and the text that triggered this, if any) and starts the agent.</summary>
    private async Task RunAgentAsync(IssueWork work, SessionRecord? record, StartVerdict.Start? grant, AgentMessage? message, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        var now = time.GetUtcNow();
        var wasQueued = record?.State == SessionState.Queued;
        // A record still starting or running whose agent is gone: its session was cut off before it ended (a replica
        // taking over a silent one's issue, or a host that lost its tmux), and the new agent should know.
        var interrupted = work is SessionInterrupted || record?.State is SessionState.Preparing or SessionState.Running;
        var details = grant?.Details ?? record?.Details ?? work.Details;
        SessionRecord Prepare(SessionRecord current) => current with
        {
            Details = details,
            Vouch = grant?.Vouch ?? current.Vouch,
            InstallationId = work.InstallationId ?? current.InstallationId,
            LastError = null,
            ErrorDetail = null,
            AgentScreen = null,
            EndedAt = null,
            ClosedAt = null,
            UpdatedAt = now,
        };
        status.SetNote(issue, null);
        var seed = record ?? await NewRecordAsync(issue, SessionState.Preparing, now, cancellationToken).ConfigureAwait(false);
        (var started, var claimed) = await slots.ClaimAsync(record, seed, Prepare, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            // Per-issue work runs one at a time, so only an agent's end (or a stop) recorded meanwhile gets here.
            Log.ChangedWhileStarting(logger, issue.Repository.FullName, issue.Number);
            await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        record = claimed;
        if (!started)
        {
            // The prompts wait in the durable queue with everything else; the pull request does not exist yet.
            if (!wasQueued)
            {
                await EnqueueIssuePromptAsync(work, details, issue.Branch, null, interrupted, cancellationToken).ConfigureAwait(false);
            }

            await QueueAsync(issue, message, cancellationToken).ConfigureAwait(false);
            Log.Queued(logger, issue.Repository.FullName, issue.Number);
            await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The status comment is posted while the workspace is prepared: neither needs the other.
        var posting = status.RefreshAsync(issue, force: false, cancellationToken);
        if (wasQueued)
        {
            // Everyone behind this issue moved up one place.
            foreach (var waiting in await slots.QueuedAsync(cancellationToken).ConfigureAwait(false))
            {
                status.RequestRefresh(waiting.Issue);
            }
        }

        PreparedWorkspace workspace;
        try
        {
            Log.Preparing(logger, issue.Repository.FullName, issue.Number);
            workspace = await TimedStep.RunAsync(
                "codemate.workspace.prepare", metrics.WorkspacePrepareDuration, metrics, issue,
                () => workspaces.PrepareAsync(issue, record.InstallationId, cancellationToken)).ConfigureAwait(false);
            await posting.ConfigureAwait(false);
            var prepared = time.GetUtcNow();
            record = await lifecycle.UpdateAsync(issue, current => current with { Workspace = workspace.Path, Branch = workspace.Branch, DefaultBranch = workspace.DefaultBranch, UpdatedAt = prepared }, cancellationToken).ConfigureAwait(false)
                ?? record with { Workspace = workspace.Path, Branch = workspace.Branch, DefaultBranch = workspace.DefaultBranch };
        }
        catch (CodemateException exception)
        {
            await posting.ConfigureAwait(false);
            await FailAsync(record, "prepare the workspace and draft pull request", exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The agent starts up (seconds, for Claude Code) while the branch is pushed and the draft pull request opened;
        // its first prompt names the pull request, so that is queued once both are done. A queued issue's prompt and
        // comments wait in the queue already and reach the agent as soon as it is idle: it starts once the pull request exists.
        var context = new SessionContext(issue, workspace.Path, workspace.Branch, record.PullRequestUrl) { SessionName = record.SessionName };
        var opening = TimedStep.RunAsync(
            "codemate.pull_request.open", metrics.PullRequestOpenDuration, metrics, issue,
            () => pullRequests.EnsureDraftPullRequestAsync(issue, details, workspace, record.InstallationId, cancellationToken));
        // Held: comments queued for the issue before this start wait until the pull request exists too.
        var starting = wasQueued ? null : StartAgentAsync(context with { HoldDelivery = true }, cancellationToken);
        PullRequestInfo pullRequest;
        try
        {
            pullRequest = await opening.ConfigureAwait(false);
            // Only the pull request's fields: the agent started beside it may have failed to start meanwhile.
            var opened = time.GetUtcNow();
            record = await lifecycle.UpdateAsync(
                issue,
                current => current with { PullRequestUrl = pullRequest.HtmlUrl, PullRequestNumber = pullRequest.Number, UpdatedAt = opened },
                cancellationToken).ConfigureAwait(false) ?? record with { PullRequestUrl = pullRequest.HtmlUrl, PullRequestNumber = pullRequest.Number };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // No agent runs without its pull request.
            if (starting is not null)
            {
                await StopStartedAgentAsync(issue, starting, cancellationToken).ConfigureAwait(false);
            }

            if (exception is not CodemateException failure)
            {
                throw;
            }

            await FailAsync(record, "prepare the workspace and draft pull request", failure, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await (starting ?? StartAgentAsync(context with { PullRequestUrl = pullRequest.HtmlUrl }, cancellationToken)).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            await FailAsync(record, "start the agent", exception, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Keys make a repeated event (crash, redelivery) queue nothing twice; a queued issue's prompt is queued already.
        if (!wasQueued)
        {
            await EnqueueIssuePromptAsync(work, details, workspace.Branch, pullRequest.HtmlUrl, interrupted, cancellationToken).ConfigureAwait(false);
        }

        await QueueAsync(issue, message, cancellationToken).ConfigureAwait(false);
        now = time.GetUtcNow();
        // Compare-and-set: an agent that already failed to start (or a stop) recorded while this ran wins.
        var running = await lifecycle.TryTransitionAsync(issue, SessionState.Preparing, SessionState.Running, current => current with { StartedAt = now, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
        if (running is null)
        {
            Log.EndedWhileStarting(logger, issue.Repository.FullName, issue.Number);
            await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
            return;
        }

        sessions.NotifyQueued(issue);
        Log.Started(logger, issue.Repository.FullName, issue.Number, record.SessionName);
        await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
    }

    private Task StartAgentAsync(SessionContext context, CancellationToken cancellationToken) =>
        TimedStep.RunAsync("codemate.agent.start", metrics.AgentStartDuration, metrics, context.Issue, () => sessions.StartSessionAsync(context, cancellationToken));

    private async Task<SessionRecord> NewRecordAsync(IssueKey issue, SessionState state, DateTimeOffset now, CancellationToken cancellationToken) => new()
    {
        Issue = issue,
        SessionName = await SessionNameAllocator.AllocateAsync(store, issue, cancellationToken).ConfigureAwait(false),
        Branch = issue.Branch,
        State = state,
        CreatedAt = now,
    };

    /// <summary>The pull request failed after the agent was started beside it: the agent must not run without one.</summary>
    private async Task StopStartedAgentAsync(IssueKey issue, Task starting, CancellationToken cancellationToken)
    {
        try
        {
            await starting.ConfigureAwait(false);
        }
        catch (CodemateException)
        {
            return;
        }

        await sessions.StopSessionAsync(issue, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAsync(SessionRecord record, string step, CodemateException exception, CancellationToken cancellationToken)
    {
        Log.Failed(logger, record.Issue.Repository.FullName, record.Issue.Number, step, exception);
        var now = time.GetUtcNow();
        // Only work still preparing fails here: a stop recorded meanwhile wins.
        await lifecycle.TryTransitionAsync(
            record.Issue,
            SessionState.Preparing,
            SessionState.Failed,
            current => current with { LastError = FailureReason.Public(step, exception), ErrorDetail = FailureReason.Detail(exception), EndedAt = now, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        await status.RefreshAsync(record.Issue, force: false, cancellationToken).ConfigureAwait(false);
        await promoter.PromoteAsync(cancellationToken).ConfigureAwait(false);
    }
}
