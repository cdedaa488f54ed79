using Octokit;

namespace Codemate.GitHub;

/// <summary>Gives Octokit the current token of one installation before every request, refreshing it when due.</summary>
internal sealed class InstallationCredentialStore(IGitHubCredentials credentials, long? installationId) : ICredentialStore
{
    public async Task<Credentials> GetCredentials()
    {
        var token = await credentials.GetTokenAsync(installationId, CallerCancellation.Current).ConfigureAwait(false);
        return new Credentials(token.Value, AuthenticationType.Bearer);
    }
}
