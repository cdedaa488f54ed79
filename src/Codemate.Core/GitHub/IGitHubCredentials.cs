namespace Codemate.GitHub;

/// <summary>
/// The token for GitHub and git operations: the personal access token, or the GitHub App's installation token,
/// refreshed when it expires within five minutes. Call it before each operation rather than keeping the token.
/// </summary>
internal interface IGitHubCredentials
{
    /// <summary>
    /// A token valid for at least a few more minutes. For a GitHub App the installation is
    /// <c>GITHUB_APP_INSTALLATION_ID</c> when set, otherwise <paramref name="installationId"/> (the payload's
    /// <c>installation.id</c>); each installation has its own token. Personal access tokens ignore it.
    /// </summary>
    /// <exception cref="CodemateException">The token could not be obtained; the message says why and holds no secret.</exception>
    ValueTask<GitHubToken> GetTokenAsync(long? installationId, CancellationToken cancellationToken);
}
