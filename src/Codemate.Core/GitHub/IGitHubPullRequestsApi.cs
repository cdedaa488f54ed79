using Codemate.Issues;

namespace Codemate.GitHub;

/// <summary>What Codemate does on its own pull request beyond opening it: replying in a review thread.</summary>
internal interface IGitHubPullRequestsApi
{
    /// <summary>
    /// Replies in the review thread that <paramref name="threadId"/> starts (the thread's first comment: GitHub takes
    /// no replies to replies), as a review comment on the pull request.
    /// </summary>
    /// <returns>The id of the reply.</returns>
    Task<long> ReplyToReviewCommentAsync(RepositoryName repository, int pullRequest, long threadId, string body, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// Looks for a reply in the review thread that <paramref name="threadId"/> starts whose text contains
    /// <paramref name="marker"/>: a reply posted before a crash kept Codemate from recording it.
    /// </summary>
    /// <returns>The reply's id, or <see langword="null"/> when the thread has none.</returns>
    Task<long?> FindReplyAsync(RepositoryName repository, int pullRequest, long threadId, string marker, long? installationId, CancellationToken cancellationToken);
}
