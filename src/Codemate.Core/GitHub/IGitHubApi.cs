using Codemate.Issues;

namespace Codemate.GitHub;

/// <summary>
/// The GitHub operations Codemate performs, each authenticated for the right installation and retried on
/// 5xx and rate limits. The default implementation goes through Octokit.
/// </summary>
internal interface IGitHubApi
{
    /// <summary>The repository's default branch.</summary>
    Task<string> GetDefaultBranchAsync(RepositoryName repository, long? installationId, CancellationToken cancellationToken);

    /// <summary>The open pull request whose head is <paramref name="branch"/>, if any.</summary>
    Task<PullRequestInfo?> FindOpenPullRequestAsync(RepositoryName repository, string branch, long? installationId, CancellationToken cancellationToken);

    /// <summary>Opens a draft pull request.</summary>
    Task<PullRequestInfo> CreateDraftPullRequestAsync(RepositoryName repository, NewDraftPullRequest request, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a draft pull request ready for review (GraphQL <c>markPullRequestReadyForReview</c>, at <c>{api}/graphql</c>, or
    /// <c>/api/graphql</c> on GitHub Enterprise Server); does nothing when it is not a draft.
    /// </summary>
    Task MarkPullRequestReadyForReviewAsync(RepositoryName repository, int number, long? installationId, CancellationToken cancellationToken);

    /// <summary>Adds a comment to an issue and returns its id.</summary>
    Task<long> CreateIssueCommentAsync(IssueKey issue, string body, long? installationId, CancellationToken cancellationToken);

    /// <summary>Replaces the text of an existing comment.</summary>
    Task UpdateIssueCommentAsync(RepositoryName repository, long commentId, string body, long? installationId, CancellationToken cancellationToken);

    /// <summary>Adds a reaction (e.g. <c>eyes</c>) to an issue.</summary>
    Task AddIssueReactionAsync(IssueKey issue, string reaction, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// The issue as GitHub has it now, or <see langword="null"/> when it does not exist (deleted, transferred, never
    /// was). Webhook payloads can be stale or replayed; what starts an agent is checked against this.
    /// </summary>
    Task<GitHubIssue?> GetIssueAsync(IssueKey issue, long? installationId, CancellationToken cancellationToken);

    /// <summary>The user's permission on the repository: <c>admin</c>, <c>maintain</c>, <c>write</c>, <c>triage</c>, <c>read</c> or <c>none</c>.</summary>
    Task<string> GetPermissionAsync(RepositoryName repository, string login, long? installationId, CancellationToken cancellationToken);

    /// <summary>The account that holds <paramref name="login"/> now (<c>GET /users/{login}</c>): its numeric id outlives a rename.</summary>
    Task<GitHubAccount> GetAccountAsync(string login, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// The account a GitHub App installation belongs to (<c>GET /app/installations/{id}</c>, as the App);
    /// <see langword="null"/> when Codemate authenticates with a personal access token, not as an App.
    /// </summary>
    Task<GitHubAccount?> GetInstallationAccountAsync(long installationId, CancellationToken cancellationToken);
}

/// <summary>A GitHub user or organization.</summary>
/// <param name="Id">Its numeric id, which never changes and is never given to another account.</param>
/// <param name="Login">Its login, which can be renamed and then registered by someone else.</param>
internal sealed record GitHubAccount(long Id, string Login);

/// <summary>A pull request as Codemate needs it.</summary>
/// <param name="Number">Its number.</param>
/// <param name="HtmlUrl">Its web URL (<c>.../pull/N</c>).</param>
/// <param name="Draft">Whether it is a draft.</param>
internal sealed record PullRequestInfo(int Number, string HtmlUrl, bool Draft);

/// <summary>An issue as the REST API answers it.</summary>
/// <param name="Title">The title.</param>
/// <param name="Body">The body; never <see langword="null"/>.</param>
/// <param name="Author">The login of whoever opened it.</param>
/// <param name="AuthorId">Their account id, if GitHub gave one.</param>
/// <param name="IsOpen">Whether its state is <c>open</c>.</param>
/// <param name="Labels">Label names.</param>
/// <param name="IsPullRequest">Whether the number is a pull request's.</param>
internal sealed record GitHubIssue(string Title, string Body, string Author, long? AuthorId, bool IsOpen, IReadOnlyList<string> Labels, bool IsPullRequest);

/// <summary>What a new draft pull request says.</summary>
/// <param name="Title">The title.</param>
/// <param name="Head">The branch with the work.</param>
/// <param name="Base">The branch to merge into.</param>
/// <param name="Body">The description.</param>
internal sealed record NewDraftPullRequest(string Title, string Head, string Base, string Body);
