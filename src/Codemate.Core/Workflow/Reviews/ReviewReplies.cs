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
/// a restart neither replies twice nor forgets a thread. The reply itself goes through an outbox: recorded as
/// <see cref="ReviewReplyState.Posting"/> with its text, posted, then marked <see cref="ReviewReplyState.Replied"/>
/// with its GitHub id. A crash in between leaves it recorded; the watchdog's next round (the first runs at start) posts
/// it, after looking for it in the thread by its hidden marker, so the crash costs neither the reply nor a second copy.
/// Record changes are compare-and-set; posting is serialised in this process, so two passes never post one reply.
/// </summary>
internal sealed partial class ReviewReplies(
    IStateStore store,
    SessionLifecycle lifecycle,
    IGitRunner git,
    IGitHubPullRequestsApi github,
    Replicas.IIssueOwnership ownership,
    ILogger<ReviewReplies> logger) : IDisposable
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

        [LoggerMessage(6302, LogLevel.Warning, "Could not reply in review thread {Thread} on the pull request of {Repository}#{Issue} ({Attempt} of {MaxAttempts}); it is tried again at the next pass")]
        public static partial void ReplyFailed(ILogger logger, string repository, int issue, long thread, int attempt, int maxAttempts, Exception exception);

        [LoggerMessage(6303, LogLevel.Warning, "Gave up replying in review thread {Thread} on the pull request of {Repository}#{Issue} after {MaxAttempts} attempts")]
        public static partial void ReplyAbandoned(ILogger logger, string repository, int issue, long thread, int maxAttempts, Exception exception);

        [LoggerMessage(6304, LogLevel.Information, "Found the reply in review thread {Thread} on the pull request of {Repository}#{Issue}, posted before a restart; not posting it again")]
        public static partial void ReplyFound(ILogger logger, string repository, int issue, long thread);
    }
}
