using System.Collections.Concurrent;
using Codemate.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Polly.Timeout;

namespace Codemate.GitHub;

/// <summary>
/// Installation tokens of the GitHub App, one per installation and never mixed. A token expiring within five
/// minutes is exchanged for a new one; concurrent callers of one installation share a single exchange. A failed
/// exchange (already retried with back-off by the HTTP pipeline) is reported and not cached.
/// </summary>
internal sealed partial class GitHubAppCredentials(
    GitHubAppClient app,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<GitHubAppCredentials> logger) : IGitHubCredentials, IDisposable
{
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<long, Installation> _installations = new();
    private readonly long? _configuredInstallation = options.Value.AppInstallationId;

    public async ValueTask<GitHubToken> GetTokenAsync(long? installationId, CancellationToken cancellationToken)
    {
        var id = _configuredInstallation ?? installationId ?? throw new CodemateException(
            $"No GitHub App installation is known for this operation: set {EnvironmentVariables.GitHubAppInstallationId}, or make sure the webhook payload carries installation.id.");
        var installation = _installations.GetOrAdd(id, static _ => new Installation());
        if (Fresh(installation.Token) is { } cached)
        {
            return cached;
        }

        await installation.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh(installation.Token) is { } refreshedMeanwhile)
            {
                return refreshedMeanwhile;
            }

            var token = await ExchangeAsync(id, cancellationToken).ConfigureAwait(false);
            installation.Token = token;
            return token;
        }
        finally
        {
            installation.Gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var installation in _installations.Values)
        {
            installation.Gate.Dispose();
        }
    }

    private GitHubToken? Fresh(GitHubToken? token) =>
        token is not null && !token.ExpiresWithin(RefreshMargin, time.GetUtcNow()) ? token : null;

    private async Task<GitHubToken> ExchangeAsync(long installationId, CancellationToken cancellationToken)
    {
        CallerCancellation.Current = cancellationToken;
        try
        {
            var access = await app.Client.GitHubApps.CreateInstallationToken(installationId).ConfigureAwait(false);
            Log.TokenIssued(logger, installationId, app.AppId, access.ExpiresAt);
            return new GitHubToken(access.Token, access.ExpiresAt);
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or TimeoutRejectedException)
        {
            var reason = exception is ApiException api ? $"GitHub answered {(int)api.StatusCode}: {api.Message}" : exception.Message;
            Log.ExchangeFailed(logger, installationId, app.AppId, reason);
            throw new CodemateException(
                $"Could not get an access token for installation {installationId} of GitHub App {app.AppId}: {reason}. " +
                $"Check {EnvironmentVariables.GitHubAppId}, the private key and that the App is installed.",
                exception);
        }
    }

    private sealed class Installation
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public GitHubToken? Token { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(2010, LogLevel.Information, "Got an access token for installation {InstallationId} of GitHub App {AppId}, valid until {ExpiresAt}")]
        public static partial void TokenIssued(ILogger logger, long installationId, long appId, DateTimeOffset expiresAt);

        [LoggerMessage(2011, LogLevel.Error, "Could not get an access token for installation {InstallationId} of GitHub App {AppId}: {Reason}")]
        public static partial void ExchangeFailed(ILogger logger, long installationId, long appId, string reason);
    }
}
