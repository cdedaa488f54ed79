namespace Codemate.GitHub;

/// <summary>
/// Hands out the token Codemate uses for GitHub: the personal access token, or a GitHub App installation
/// token refreshed before it expires.
/// </summary>
public interface IGitHubCredentials
{
    /// <summary>A token valid for <paramref name="installationId"/> (ignored for a personal access token).</summary>
    ValueTask<GitHubToken> GetTokenAsync(long? installationId, CancellationToken cancellationToken);
}
