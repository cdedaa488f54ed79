using Codemate.Issues;
using Codemate.State;
using Codemate.Workflow.Commands;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    private async Task CommentAsync(IssueCommentCreated comment, CancellationToken cancellationToken)
    {
        var issue = comment.Issue;
        var self = await identity.GetLoginAsync(cancellationToken).ConfigureAwait(false);
        if (self is not null && string.Equals(self, comment.Author.Login, StringComparison.OrdinalIgnoreCase))
        {
            // In PAT mode Codemate comments as the token's user; feeding that back to the agent loops forever.
            Log.OwnComment(logger, issue.Repository.FullName, issue.Number);
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

        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        var check = flood.TryForward(issue);
        if (!check.IsAllowed)
        {
            // One line per flood at Information, so a flood cannot flood the log as well.
            if (check.IsFirstDropInWindow)
            {
                Log.CommentDropped(logger, issue.Repository.FullName, issue.Number, comment.Author.Login, check.Describe());
            }
            else
            {
                Log.CommentDroppedAgain(logger, issue.Repository.FullName, issue.Number, comment.Author.Login);
            }

            if (check.IsFirstDropInWindow && record is not null)
            {
                status.SetNote(issue, check.Describe());
                await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (record is { State: SessionState.Queued })
        {
            // Delivered after the issue itself once a slot is free.
            await QueueCommentAsync(comment, cancellationToken).ConfigureAwait(false);
            Log.CommentQueued(logger, issue.Repository.FullName, issue.Number, comment.Author.Login);
            return;
        }

        if (record is null || record.Workspace is null || record.PullRequestUrl is null || record.State is SessionState.Failed or SessionState.Stopped or SessionState.Done
            || !await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            // No live agent: start one in the (existing or new) workspace, with the issue and this comment as its task.
            // A plain comment vouches for nothing: it starts the agent only on text already vouched for.
            if (await CheckStartAsync(comment, record, vouch: null, cancellationToken).ConfigureAwait(false) is { } grant)
            {
                Log.StartingForComment(logger, issue.Repository.FullName, issue.Number);
                await RunAgentAsync(comment, record, grant, comment, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (await store.TryEnqueueMessageAsync(issue, $"comment:{comment.CommentId}", CommentPrompt(comment), cancellationToken).ConfigureAwait(false) is not null)
        {
            sessions.NotifyQueued(issue);
            Log.CommentQueued(logger, issue.Repository.FullName, issue.Number, comment.Author.Login);
        }
    }
}
