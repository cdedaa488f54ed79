using Codemate.GitHub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>
/// Warns at every start of a GitHub App that serves every repository it is installed on: the operator allowed it,
/// but whoever reads the log later should see that strangers' installations are served too.
/// </summary>
internal sealed partial class RepositoryAllowListWarning(
    IOptions<TriggerPolicyOptions> policy,
    IOptions<GitHubOptions> github,
    IHostApplicationLifetime lifetime,
    ILogger<RepositoryAllowListWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (policy.Value.AllowAllRepositories && github.Value.UsesApp)
        {
            lifetime.ApplicationStarted.Register(() => Log.AllRepositoriesAllowed(logger));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(7005, LogLevel.Warning, "CODEMATE_ALLOW_ALL_REPOSITORIES=true: this GitHub App serves every repository it is installed on, including strangers' own, where they pass every permission check; list the repositories in CODEMATE_ALLOWED_REPOSITORIES instead")]
        public static partial void AllRepositoriesAllowed(ILogger logger);
    }
}
