using Codemate.Issues;
using Codemate.State;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    /// <summary>
    /// This replica took the issue from one that went silent while its agent was starting or running. An agent that
    /// outlived its replica on this host is watched again; otherwise a new one starts in a workspace made from the
    /// pushed branch, with the same pull request, the issue and a note that the previous session was interrupted, and
    /// then the text that was queued for the old one, in order.
    /// </summary>
    private async Task TakeOverAsync(SessionInterrupted work, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record is not { State: SessionState.Running or SessionState.Preparing })
        {
            // It ended (or was stopped) before this ran.
            return;
        }

        if (await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            Log.AdoptedAgent(logger, issue.Repository.FullName, issue.Number, work.PreviousReplica ?? "none");
            sessions.NotifyQueued(issue);
            return;
        }

        Log.RestartingInterrupted(logger, issue.Repository.FullName, issue.Number, work.PreviousReplica ?? "none");
        if (await CheckStartAsync(work, record, vouch: null, cancellationToken).ConfigureAwait(false) is { } grant)
        {
            await RunAgentAsync(work, record, grant, message: null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The issue no longer qualifies (closed, unlabelled, edited since its vouch): no agent runs it any more.
        var now = time.GetUtcNow();
        await lifecycle.TryTransitionAsync(
            issue,
            record.State,
            SessionState.Stopped,
            current => current with { LastError = "The server running its agent stopped answering, and the issue could not be started again.", EndedAt = now, UpdatedAt = now },
            cancellationToken).ConfigureAwait(false);
        await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
    }
}
