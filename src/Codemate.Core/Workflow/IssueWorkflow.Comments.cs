using Codemate.Issues;
using Codemate.State;
using Codemate.Workflow.Commands;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    private async Task CommentAsync(IssueCommentCreated comment, CancellationToken cancellationToken)
    {
        if (await IsOwnTextAsync(comment, comment.Author, cancellationToken).ConfigureAwait(false)
            || (comment.PullRequestNumber is { } number && !await IsOwnPullRequestAsync(comment, number, cancellationToken).ConfigureAwait(false)))
        {
            return;
        }

        if (!await IsAllowedAsync(comment, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (CommandParser.Parse(comment.Body) is { } command)
        {
            // Commands steer Codemate; the agent never sees them.
            await RunCommandAsync(comment, command, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ForwardAsync(comment, comment.Author, CommentMessage(comment), cancellationToken).ConfigureAwait(false);
        if (comment.PullRequestNumber is not null)
        {
            // The status comment counts the feedback waiting for the agent, as for reviews.
            status.RequestRefresh(comment.Issue);
        }
    }

    /// <summary>
    /// Text from someone who may steer, for the agent: queued behind the issue while it waits for a slot, queued for a
    /// live agent (delivered in order when it is idle), or the reason to start the agent again in the existing
    /// workspace, with the issue and then this text. A person's word also gives the agent a fresh CI-fix budget.
    /// </summary>
    /// <returns>Whether the text was handed on (queued, or the agent started for it); not when it was dropped or refused.</returns>
    private async Task<bool> ForwardAsync(IssueWork work, Actor author, AgentMessage message, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        var check = flood.TryForward(issue);
        if (!check.IsAllowed)
        {
            // One line per flood at Information, so a flood cannot flood the log as well.
            if (check.IsFirstDropInWindow)
            {
                Log.CommentDropped(logger, issue.Repository.FullName, issue.Number, author.Login, check.Describe());
            }
            else
            {
                Log.CommentDroppedAgain(logger, issue.Repository.FullName, issue.Number, author.Login);
            }

            if (check.IsFirstDropInWindow && record is not null)
            {
                await status.ShowNoteAsync(issue, check.Describe(), cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        await ci.ResetBudgetAsync(issue, record, cancellationToken).ConfigureAwait(false);
        if (record is { State: SessionState.Queued })
        {
            // Delivered after the issue itself once a slot is free.
            await QueueAsync(issue, message, cancellationToken).ConfigureAwait(false);
            Log.CommentQueued(logger, issue.Repository.FullName, issue.Number, author.Login);
            return true;
        }

        if (record is null || record.Workspace is null || record.PullRequestUrl is null || record.State is SessionState.Failed or SessionState.Stopped or SessionState.Done
            || !await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            // No live agent: start one in the (existing or new) workspace, with the issue and this comment as its task.
            // A plain comment vouches for nothing: it starts the agent only on text already vouched for.
            if (await CheckStartAsync(work, record, vouch: null, cancellationToken).ConfigureAwait(false) is { } grant)
            {
                Log.StartingForComment(logger, issue.Repository.FullName, issue.Number);
                await RunAgentAsync(work, record, grant, message, cancellationToken).ConfigureAwait(false);
                return true;
            }

            return false;
        }

        if (await feedback.EnqueueAsync(issue, message, cancellationToken).ConfigureAwait(false) is not null)
        {
            sessions.NotifyQueued(issue);
            Log.CommentQueued(logger, issue.Repository.FullName, issue.Number, author.Login);
        }

        // A key queued before (a redelivery) was handed on then.
        return true;
    }

    /// <summary>In PAT mode Codemate writes as the token's user; feeding that back to the agent loops forever.</summary>
    private async Task<bool> IsOwnTextAsync(IssueWork work, Actor author, CancellationToken cancellationToken)
    {
        var self = await identity.GetLoginAsync(cancellationToken).ConfigureAwait(false);
        if (self is null || !string.Equals(self, author.Login, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Log.OwnComment(logger, work.Issue.Repository.FullName, work.Issue.Number);
        return true;
    }

    /// <summary>
    /// Checked at intake too; again here because the session may have changed since (a new pull request after the
    /// first was closed, say): feedback reaches the agent only from the pull request its session recorded.
    /// </summary>
    private async Task<bool> IsOwnPullRequestAsync(IssueWork work, int number, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
        if (record?.PullRequestNumber == number)
        {
            return true;
        }

        Log.NotOwnPullRequest(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, number);
        return false;
    }
}
