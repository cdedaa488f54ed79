using Microsoft.Extensions.Options;

namespace Codemate.GitHub;

/// <summary><c>GITHUB_TOKEN</c>, used as is for every installation.</summary>
internal sealed class PersonalAccessTokenCredentials(IOptions<GitHubOptions> options) : IGitHubCredentials
{
    private readonly GitHubToken _token = new(options.Value.Token!.Trim(), expiresAt: null);

    public ValueTask<GitHubToken> GetTokenAsync(long? installationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_token);
    }
}
