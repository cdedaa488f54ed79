using Octokit;

namespace Codemate.GitHub;

/// <summary>Authenticates as the GitHub App itself with a freshly signed JWT on every request.</summary>
internal sealed class AppJwtCredentialStore(GitHubAppJwt jwt) : ICredentialStore
{
    public Task<Credentials> GetCredentials() => Task.FromResult(new Credentials(jwt.Create(), AuthenticationType.Bearer));
}
