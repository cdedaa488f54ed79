using Codemate.Issues;

namespace Codemate.GitHub;

/// <summary>What Codemate does on its own pull request beyond opening it: replying in a review thread.</summary>
internal interface IGitHubPullRequestsApi
{
    /// <summary>
    /// Replies in the review thread that <paramref name="threadId"/> starts (the thread's first comment: GitHub takes
    /// no replies to replies), as a review comment on the pull request.
    /// </summary>
    Task ReplyToReviewCommentAsync(RepositoryName repository, int pullRequest, long threadId, string body, long? installationId, CancellationToken cancellationToken);
}
