using Codemate.Issues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Octokit;
using Polly.Timeout;

namespace Codemate.GitHub;

/// <summary><see cref="IGitHubApi"/> through Octokit; failures become <see cref="CodemateException"/>s saying what was attempted.</summary>
internal sealed partial class OctokitGitHubApi(GitHubClients clients, IServiceProvider services) : IGitHubApi
{
    public Task<string> GetDefaultBranchAsync(RepositoryName repository, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read repository {repository}", installationId, async client =>
            (await client.Repository.Get(repository.Owner, repository.Name).ConfigureAwait(false)).DefaultBranch, cancellationToken);

    public Task<PullRequestInfo?> FindOpenPullRequestAsync(RepositoryName repository, string branch, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"list pull requests of {repository}", installationId, async client =>
        {
            var request = new PullRequestRequest { Head = $"{repository.Owner}:{branch}", State = ItemStateFilter.Open };
            var pulls = await client.PullRequest.GetAllForRepository(repository.Owner, repository.Name, request).ConfigureAwait(false);
            return pulls.Count == 0 ? null : ToInfo(pulls[0]);
        }, cancellationToken);

    public Task<PullRequestInfo> CreateDraftPullRequestAsync(RepositoryName repository, NewDraftPullRequest request, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"open a draft pull request on {repository}", installationId, async client =>
        {
            var pull = new NewPullRequest(request.Title, request.Head, request.Base) { Body = request.Body, Draft = true };
            return ToInfo(await client.PullRequest.Create(repository.Owner, repository.Name, pull).ConfigureAwait(false));
        }, cancellationToken);

    public Task<long> CreateIssueCommentAsync(IssueKey issue, string body, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"comment on {issue}", installationId, async client =>
            (await client.Issue.Comment.Create(issue.Repository.Owner, issue.Repository.Name, issue.Number, body).ConfigureAwait(false)).Id, cancellationToken);

    public Task UpdateIssueCommentAsync(RepositoryName repository, long commentId, string body, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"update comment {commentId} on {repository}", installationId, async client =>
            await client.Issue.Comment.Update(repository.Owner, repository.Name, commentId, body).ConfigureAwait(false), cancellationToken);

    public Task AddIssueReactionAsync(IssueKey issue, string reaction, long? installationId, CancellationToken cancellationToken)
    {
        var type = ParseReaction(reaction);
        return CallAsync($"react to {issue}", installationId, async client =>
            await client.Reaction.Issue.Create(issue.Repository.Owner, issue.Repository.Name, issue.Number, new NewReaction(type)).ConfigureAwait(false), cancellationToken);
    }

    public Task<string> GetPermissionAsync(RepositoryName repository, string login, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read {login}'s permission on {repository}", installationId, async client =>
        {
            var response = await client.Repository.Collaborator.ReviewPermission(repository.Owner, repository.Name, login).ConfigureAwait(false);
            return Policy.RepositoryPermissions.FromGitHub(response.Permission, response.RoleName);
        }, cancellationToken);

    public Task<GitHubIssue?> GetIssueAsync(IssueKey issue, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read issue {issue}", installationId, async client =>
        {
            try
            {
                var found = await client.Issue.Get(issue.Repository.Owner, issue.Repository.Name, issue.Number).ConfigureAwait(false);
                return new GitHubIssue(
                    found.Title ?? string.Empty,
                    found.Body ?? string.Empty,
                    found.User?.Login ?? string.Empty,
                    found.User?.Id,
                    found.State.StringValue == "open",
                    [.. found.Labels.Select(l => l.Name)],
                    found.PullRequest is not null);
            }
            catch (ApiException exception) when (exception.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Gone)
            {
                return (GitHubIssue?)null;
            }
        }, cancellationToken);

    public Task<GitHubAccount> GetAccountAsync(string login, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read account {login}", installationId, async client =>
        {
            var user = await client.User.Get(login).ConfigureAwait(false);
            return new GitHubAccount(user.Id, user.Login);
        }, cancellationToken);

    // As the App (JWT): an installation token cannot read its own installation. The App client is resolved only
    // here, because with a personal access token there is none to resolve.
    public Task<GitHubAccount?> GetInstallationAccountAsync(long installationId, CancellationToken cancellationToken) =>
        !services.GetRequiredService<IOptions<GitHubOptions>>().Value.UsesApp
            ? Task.FromResult<GitHubAccount?>(null)
            : CallAsync<GitHubAccount?>($"read installation {installationId}", () => services.GetRequiredService<GitHubAppClient>().Client, async client =>
            {
                var installation = await client.GitHubApps.GetInstallationForCurrent(installationId).ConfigureAwait(false);
                return new GitHubAccount(installation.Account.Id, installation.Account.Login);
            }, cancellationToken);

    private Task<T> CallAsync<T>(string operation, long? installationId, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(operation, () => clients.For(installationId), call, cancellationToken);

    internal static async Task<T> CallAsync<T>(string operation, Func<IGitHubClient> client, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CallerCancellation.Current = cancellationToken;
        try
        {
            return await call(client()).ConfigureAwait(false);
        }
        catch (ApiException exception)
        {
            throw new CodemateException($"GitHub refused to {operation}: {(int)exception.StatusCode} {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            throw new CodemateException($"Could not reach GitHub to {operation}: {exception.Message}", exception);
        }
    }

    private static PullRequestInfo ToInfo(PullRequest pull) => new(pull.Number, pull.HtmlUrl, pull.Draft);

    private static ReactionType ParseReaction(string reaction) => reaction switch
    {
        "+1" => ReactionType.Plus1,
        "-1" => ReactionType.Minus1,
        "laugh" => ReactionType.Laugh,
        "confused" => ReactionType.Confused,
        "heart" => ReactionType.Heart,
        "hooray" => ReactionType.Hooray,
        "rocket" => ReactionType.Rocket,
        "eyes" => ReactionType.Eyes,
        _ => throw new ArgumentException($"'{reaction}' is not a GitHub reaction (+1, -1, laugh, confused, heart, hooray, rocket, eyes).", nameof(reaction)),
    };
}
