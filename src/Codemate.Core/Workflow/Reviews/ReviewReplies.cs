using System.Security.Cryptography;
using System.Text;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.State;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow.Reviews;

/// <summary>
/// Follows each review comment handed to the agent until Codemate has replied once in its thread with the commits that
/// followed it, so reviewers see what became of it. A comment is <see cref="ReviewReplyState.Queued"/> when forwarded,
/// <see cref="ReviewReplyState.Delivered"/> when typed into the agent (<see cref="Sessions.MessageDelivered"/>), and
/// answered at the agent's next idle after that, once its commits were pushed. Each step is recorded on the session, so
/// a restart neither replies twice nor forgets a thread. The reply is marked before it is posted: at most once, so a
/// crash in between costs the thread its reply rather than sending two. Runs on the session event consumer and the
/// issue's work, which never overlap for one issue's record changes (each is a compare-and-set).
/// </summary>
internal sealed partial class ReviewReplies(
    IStateStore store,
    SessionLifecycle lifecycle,
    IGitRunner git,
    IGitHubPullRequestsApi github,
    ILogger<ReviewReplies> logger)
{
    /// <summary>Starts following <paramref name="comment"/>, whose prompt for the agent is <paramref name="prompt"/>; before it is queued, so a delivery cannot come first.</summary>
    public async Task TrackAsync(ReviewCommentCreated comment, string prompt, CancellationToken cancellationToken)
    {
        var issue = comment.Issue;
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record is null || record.ReviewReplies.Any(r => r.CommentId == comment.CommentId))
        {
            return;
        }

        var head = await HeadAsync(record, cancellationToken).ConfigureAwait(false);
        var reply = new ReviewReply(comment.CommentId, comment.InReplyToId ?? comment.CommentId, Hash(prompt), head, ReviewReplyState.Queued);
        await lifecycle.UpdateAsync(
            issue,
            current => current.ReviewReplies.Any(r => r.CommentId == comment.CommentId) ? null : current with { ReviewReplies = [.. current.ReviewReplies, reply] },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The comment never reached the queue (dropped, or the agent could not be started for it): nothing to reply to.</summary>
    public async Task ForgetAsync(ReviewCommentCreated comment, CancellationToken cancellationToken) =>
        await lifecycle.UpdateAsync(
            comment.Issue,
            current => current.ReviewReplies.Any(r => r.CommentId == comment.CommentId && r.State == ReviewReplyState.Queued)
                ? current with { ReviewReplies = [.. current.ReviewReplies.Where(r => !(r.CommentId == comment.CommentId && r.State == ReviewReplyState.Queued))] }
                : null,
            cancellationToken).ConfigureAwait(false);

    /// <summary>A message was typed into the agent: if it was a followed review comment, the agent's next idle answers it.</summary>
    public async Task DeliveredAsync(IssueKey issue, string text, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record is null || !record.ReviewReplies.Any(r => r.State == ReviewReplyState.Queued))
        {
            return;
        }

        var hash = Hash(text);
        var head = await HeadAsync(record, cancellationToken).ConfigureAwait(false);
        await lifecycle.UpdateAsync(
            issue,
            current =>
            {
                var index = current.ReviewReplies.ToList().FindIndex(r => r.State == ReviewReplyState.Queued && r.PromptHash == hash);
                if (index < 0)
                {
                    return null;
                }

                var replies = current.ReviewReplies.ToArray();
                replies[index] = replies[index] with { State = ReviewReplyState.Delivered, BaseCommit = replies[index].BaseCommit ?? head };
                return current with { ReviewReplies = replies };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agent went idle after working, its commits pushed: replies once in each thread it has received since.</summary>
    /// <returns>Whether it replied (the status comment's count of waiting comments changed).</returns>
    public async Task<bool> AnswerAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record?.PullRequestNumber is not { } pullRequest || !record.ReviewReplies.Any(r => r.State == ReviewReplyState.Delivered))
        {
            return false;
        }

        var answered = false;
        foreach (var reply in record.ReviewReplies.Where(r => r.State == ReviewReplyState.Delivered))
        {
            var body = ReviewReplyText.Render(await CommitsSinceAsync(record, reply.BaseCommit, cancellationToken).ConfigureAwait(false), record.Branch);
            var marked = false;
            await lifecycle.UpdateAsync(
                issue,
                current =>
                {
                    marked = current.ReviewReplies.Any(r => r.CommentId == reply.CommentId && r.State == ReviewReplyState.Delivered);
                    return marked
                        ? current with { ReviewReplies = [.. current.ReviewReplies.Select(r => r.CommentId == reply.CommentId ? r with { State = ReviewReplyState.Replied } : r)] }
                        : null;
                },
                cancellationToken).ConfigureAwait(false);
            if (!marked)
            {
                continue;
            }

            answered = true;
            try
            {
                await github.ReplyToReviewCommentAsync(issue.Repository, pullRequest, reply.ThreadId, body, record.InstallationId, cancellationToken).ConfigureAwait(false);
                Log.Replied(logger, issue.Repository.FullName, issue.Number, reply.ThreadId);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ReplyFailed(logger, issue.Repository.FullName, issue.Number, reply.ThreadId, exception);
            }
        }

        return answered;
    }

    /// <summary>The branch's local head, where the agent commits.</summary>
    private async Task<string?> HeadAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        if (record.Workspace is not { } workspace || !Directory.Exists(Path.Combine(workspace, ".git")))
        {
            return null;
        }

        var result = await git.RunAsync(new GitCommand(workspace, ["rev-parse", "--verify", "--quiet", "refs/heads/" + record.Branch + "^{commit}"]) { AllowFailure = true }, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The commits on GitHub's copy of the branch (as of Codemate's last push) after <paramref name="baseCommit"/>, oldest first.</summary>
    private async Task<IReadOnlyList<(string Hash, string Subject)>> CommitsSinceAsync(SessionRecord record, string? baseCommit, CancellationToken cancellationToken)
    {
        if (baseCommit is null || record.Workspace is not { } workspace || !Directory.Exists(Path.Combine(workspace, ".git")))
        {
            return [];
        }

        var result = await git.RunAsync(
            new GitCommand(workspace, ["log", "--reverse", "--format=%h %s", baseCommit + "..refs/remotes/origin/" + record.Branch]) { AllowFailure = true },
            cancellationToken).ConfigureAwait(false);
        return result.ExitCode != 0
            ? []
            : [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 2) is [var hash, var subject] ? (hash, subject) : (line, string.Empty))];
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static partial class Log
    {
        [LoggerMessage(6301, LogLevel.Information, "Replied in review thread {Thread} on the pull request of {Repository}#{Issue}")]
        public static partial void Replied(ILogger logger, string repository, int issue, long thread);

        [LoggerMessage(6302, LogLevel.Warning, "Could not reply in review thread {Thread} on the pull request of {Repository}#{Issue}; it is not tried again")]
        public static partial void ReplyFailed(ILogger logger, string repository, int issue, long thread, Exception exception);
    }
}
