using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.GitHub;

/// <summary>
/// At startup, in the background: gets the configured installation's token, then learns Codemate's own login.
/// Failures are logged; the host keeps running and both are tried again when needed.
/// </summary>
internal sealed partial class GitHubStartup(
    IGitHubCredentials credentials,
    IGitHubIdentity identity,
    IOptions<GitHubOptions> options,
    ILogger<GitHubStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var settings = options.Value;
            if (settings.UsesApp && settings.AppInstallationId is { } installationId)
            {
                try
                {
                    await credentials.GetTokenAsync(installationId, stoppingToken).ConfigureAwait(false);
                }
                catch (CodemateException exception)
                {
                    Log.StartupTokenFailed(logger, installationId, exception.Message);
                }
            }

            await identity.GetLoginAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2030, LogLevel.Error, "Startup could not get a token for GitHub App installation {InstallationId}; it is tried again before the next GitHub operation: {Reason}")]
        public static partial void StartupTokenFailed(ILogger logger, long installationId, string reason);
    }
}
