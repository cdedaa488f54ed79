using Codemate.Issues;
using Codemate.State;

namespace Codemate.Workflow.Reviews;

internal sealed partial class ReviewReplies
{
    /// <summary>A reply GitHub keeps refusing (a deleted thread, say) is given up after this many tries.</summary>
    internal const int MaxPostAttempts = 3;

    // One pass posts at a time in this process: the consumer's answer and the watchdog's round never post one reply twice.
    private readonly SemaphoreSlim _posting = new(1, 1);

    public void Dispose() => _posting.Dispose();

    /// <summary>The agent went idle after working, its commits pushed: replies once in each thread it has received since.</summary>
    /// <returns>Whether a reply was recorded (the status comment's count of waiting feedback changed).</returns>
    public async Task<bool> AnswerAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record?.PullRequestNumber is null || !record.ReviewReplies.Any(r => r.State == ReviewReplyState.Delivered))
        {
            return false;
        }

        var recorded = new HashSet<long>();
        foreach (var reply in record.ReviewReplies.Where(r => r.State == ReviewReplyState.Delivered))
        {
            var body = ReviewReplyText.Marker(reply.CommentId) + "\n"
                + ReviewReplyText.Render(await CommitsSinceAsync(record, reply.BaseCommit, cancellationToken).ConfigureAwait(false), record.Branch);
            var marked = false;
            await lifecycle.UpdateAsync(
                issue,
                current =>
                {
                    marked = current.ReviewReplies.Any(r => r.CommentId == reply.CommentId && r.State == ReviewReplyState.Delivered);
                    return marked ? WithReply(current, reply.CommentId, r => r with { State = ReviewReplyState.Posting, Body = body }) : null;
                },
                cancellationToken).ConfigureAwait(false);
            if (marked)
            {
                recorded.Add(reply.CommentId);
            }
        }

        if (recorded.Count > 0)
        {
            await PostAsync(issue, recorded, cancellationToken).ConfigureAwait(false);
        }

        return recorded.Count > 0;
    }

    /// <summary>Posts every reply recorded and not known to be posted, for all issues: what a crash left behind.</summary>
    public async Task PostRecordedAsync(CancellationToken cancellationToken)
    {
        // The replica running an issue posts its replies; one left by an ended session any replica may.
        var owners = await ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record.ReviewReplies.Any(r => r.State == ReviewReplyState.Posting) && !owners.IsElsewhere(record.Issue))
            {
                await PostAsync(record.Issue, fresh: [], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Posts the issue's recorded replies. One in <paramref name="fresh"/> was recorded by this pass, so it cannot have been
    /// posted yet; any other may have been, just before a crash, and is looked for in its thread first.
    /// </summary>
    private async Task PostAsync(IssueKey issue, HashSet<long> fresh, CancellationToken cancellationToken)
    {
        await _posting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
            if (record?.PullRequestNumber is not { } pullRequest)
            {
                return;
            }

            foreach (var reply in record.ReviewReplies.Where(r => r.State == ReviewReplyState.Posting))
            {
                await PostOneAsync(record, pullRequest, reply, fresh.Contains(reply.CommentId), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _posting.Release();
        }
    }

    private async Task PostOneAsync(SessionRecord record, int pullRequest, ReviewReply reply, bool fresh, CancellationToken cancellationToken)
    {
        var issue = record.Issue;
        long id;
        try
        {
            var found = fresh ? null : await github.FindReplyAsync(issue.Repository, pullRequest, reply.ThreadId, ReviewReplyText.Marker(reply.CommentId), record.InstallationId, cancellationToken).ConfigureAwait(false);
            if (found is { } existing)
            {
                Log.ReplyFound(logger, issue.Repository.FullName, issue.Number, reply.ThreadId);
                id = existing;
            }
            else
            {
                var body = reply.Body ?? ReviewReplyText.Marker(reply.CommentId) + "\n" + ReviewReplyText.Render([], record.Branch);
                id = await github.ReplyToReviewCommentAsync(issue.Repository, pullRequest, reply.ThreadId, body, record.InstallationId, cancellationToken).ConfigureAwait(false);
                Log.Replied(logger, issue.Repository.FullName, issue.Number, reply.ThreadId);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = reply.PostAttempts + 1;
            if (attempts >= MaxPostAttempts)
            {
                Log.ReplyAbandoned(logger, issue.Repository.FullName, issue.Number, reply.ThreadId, MaxPostAttempts, exception);
            }
            else
            {
                Log.ReplyFailed(logger, issue.Repository.FullName, issue.Number, reply.ThreadId, attempts, MaxPostAttempts, exception);
            }

            await MarkAsync(issue, reply.CommentId, r => attempts >= MaxPostAttempts
                ? r with { State = ReviewReplyState.Replied, Body = null, PostAttempts = attempts }
                : r with { PostAttempts = attempts }, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Posted: recorded even when the host is stopping meanwhile, or the next start would have to search the thread.
        await MarkAsync(issue, reply.CommentId, r => r with { State = ReviewReplyState.Replied, Body = null, ReplyId = id }, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task MarkAsync(IssueKey issue, long commentId, Func<ReviewReply, ReviewReply> change, CancellationToken cancellationToken) =>
        await lifecycle.UpdateAsync(
            issue,
            current => current.ReviewReplies.Any(r => r.CommentId == commentId && r.State == ReviewReplyState.Posting) ? WithReply(current, commentId, change) : null,
            cancellationToken).ConfigureAwait(false);

    private static SessionRecord WithReply(SessionRecord record, long commentId, Func<ReviewReply, ReviewReply> change) =>
        record with { ReviewReplies = [.. record.ReviewReplies.Select(r => r.CommentId == commentId ? change(r) : r)] };
}
