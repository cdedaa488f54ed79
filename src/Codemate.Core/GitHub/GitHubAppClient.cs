using Octokit;

namespace Codemate.GitHub;

/// <summary>The Octokit client authenticated as the GitHub App (JWT): <c>GET /app</c> and token exchanges.</summary>
internal sealed class GitHubAppClient(GitHubAppJwt jwt, GitHubConnectionFactory connections)
{
    public long AppId => jwt.AppId;

    public IGitHubClient Client { get; } = connections.Create(new AppJwtCredentialStore(jwt));
}
