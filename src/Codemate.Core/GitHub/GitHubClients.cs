using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Octokit;

namespace Codemate.GitHub;

/// <summary>One Octokit client per installation (one in all for a personal access token), created on first use.</summary>
internal sealed class GitHubClients(IGitHubCredentials credentials, GitHubConnectionFactory connections, IOptions<GitHubOptions> options)
{
    private readonly ConcurrentDictionary<InstallationKey, Lazy<IGitHubClient>> _clients = new();

    public IGitHubClient For(long? installationId)
    {
        var settings = options.Value;
        var key = new InstallationKey(settings.UsesApp ? settings.AppInstallationId ?? installationId : null);
        return _clients.GetOrAdd(key, k => new Lazy<IGitHubClient>(() => connections.Create(new InstallationCredentialStore(credentials, k.Id)))).Value;
    }

    private readonly record struct InstallationKey(long? Id);
}
