using Codemate.GitHub;
using Codemate.Issues;

namespace Codemate.Core.Tests.Workflow;

/// <summary>
/// A pull request's review threads that keep their replies like GitHub does, and can make the process "crash" (its
/// stopping token cancelled) just before or just after a reply is posted, or refuse every reply.
/// </summary>
internal sealed class ThreadFake : IGitHubPullRequestsApi
{
    private readonly List<(long Id, long Thread, string Body)> _replies = [];
    private long _nextId = 9_000;

    public enum CrashPoint
    {
        None,
        BeforePosting,
        AfterPosting,
    }

    public CrashPoint Crash { get; set; }

    public CancellationTokenSource? Stopping { get; set; }

    public bool Refuse { get; init; }

    public int Calls { get; private set; }

    public IReadOnlyList<(long Id, long Thread, string Body)> Replies { get { lock (_replies) { return [.. _replies]; } } }

    public Task<long> ReplyToReviewCommentAsync(RepositoryName repository, int pullRequest, long threadId, string body, long? installationId, CancellationToken cancellationToken)
    {
        Calls++;
        if (Refuse)
        {
            throw new CodemateException("GitHub refused to reply: 422 Validation Failed");
        }

        if (Crash == CrashPoint.BeforePosting)
        {
            CrashNow();
        }

        long id;
        lock (_replies)
        {
            id = ++_nextId;
            _replies.Add((id, threadId, body));
        }

        if (Crash == CrashPoint.AfterPosting)
        {
            CrashNow();
        }

        return Task.FromResult(id);
    }

    public Task<long?> FindReplyAsync(RepositoryName repository, int pullRequest, long threadId, string marker, long? installationId, CancellationToken cancellationToken) =>
        Task.FromResult(Replies.Where(r => r.Thread == threadId && r.Body.Contains(marker, StringComparison.Ordinal)).Select(r => (long?)r.Id).FirstOrDefault());

    private void CrashNow()
    {
        Stopping!.Cancel();
        Stopping.Token.ThrowIfCancellationRequested();
    }
}
