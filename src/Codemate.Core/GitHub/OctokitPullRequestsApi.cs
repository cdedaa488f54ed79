using Codemate.Issues;
using Octokit;

namespace Codemate.GitHub;

/// <summary><see cref="IGitHubPullRequestsApi"/> through Octokit, with the same retries and errors as <see cref="OctokitGitHubApi"/>.</summary>
internal sealed class OctokitPullRequestsApi(GitHubClients clients) : IGitHubPullRequestsApi
{
    public Task<long> ReplyToReviewCommentAsync(RepositoryName repository, int pullRequest, long threadId, string body, long? installationId, CancellationToken cancellationToken) =>
        OctokitGitHubApi.CallAsync(
            $"reply to review comment {threadId} on {repository}#{pullRequest}",
            () => clients.For(installationId),
            async client => (await client.PullRequest.ReviewComment.CreateReply(repository.Owner, repository.Name, pullRequest, new PullRequestReviewCommentReplyCreate(body, threadId)).ConfigureAwait(false)).Id,
            cancellationToken);

    public Task<long?> FindReplyAsync(RepositoryName repository, int pullRequest, long threadId, string marker, long? installationId, CancellationToken cancellationToken) =>
        OctokitGitHubApi.CallAsync(
            $"read the review comments of {repository}#{pullRequest}",
            () => clients.For(installationId),
            async client => (await client.PullRequest.ReviewComment.GetAll(repository.Owner, repository.Name, pullRequest).ConfigureAwait(false))
                .FirstOrDefault(c => c.InReplyToId == threadId && c.Body?.Contains(marker, StringComparison.Ordinal) == true)?.Id,
            cancellationToken);
}
