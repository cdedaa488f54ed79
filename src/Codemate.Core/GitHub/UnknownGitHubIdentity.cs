namespace Codemate.GitHub;

/// <summary>Used until GitHub authentication is configured: Codemate's own login is not known.</summary>
internal sealed class UnknownGitHubIdentity : IGitHubIdentity
{
    public string? CachedLogin => null;

    public ValueTask<string?> GetLoginAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);
}
