using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Configuration;

/// <summary>Binds <see cref="CodemateOptions"/> from the <c>Codemate</c> section, then from the original's environment variable names.</summary>
internal sealed class CodemateOptionsSetup(IConfiguration configuration) : IConfigureOptions<CodemateOptions>
{
    public void Configure(CodemateOptions options)
    {
        configuration.GetSection(CodemateOptions.SectionName).Bind(options);
        ConfigurationValues.String(configuration, EnvironmentVariables.WebhookSecret, v => options.WebhookSecret = v);
        ConfigurationValues.Boolean(configuration, EnvironmentVariables.InsecureSkipSignature, v => options.InsecureSkipSignature = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.StatusToken, v => options.StatusToken = v.Trim());
        ConfigurationValues.String(configuration, EnvironmentVariables.WorkspacesRoot, v => options.WorkspacesRoot = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.StatePath, v => options.StatePath = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.DatabaseUrl, v => options.DatabaseUrl = string.IsNullOrWhiteSpace(v) ? null : v.Trim());
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxConcurrentIssues, v => options.MaxConcurrentIssues = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.WorkMaxAttempts, v => options.WorkMaxAttempts = v);
        ConfigurationValues.Seconds(configuration, EnvironmentVariables.WorkRetrySeconds, v => options.WorkRetryDelay = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.ReplicaId, v => options.ReplicaId = string.IsNullOrWhiteSpace(v) ? null : v.Trim());
        ConfigurationValues.Seconds(configuration, EnvironmentVariables.LeaseSeconds, v => options.LeaseDuration = v);
        ConfigurationValues.Boolean(configuration, EnvironmentVariables.MetricsRepositoryLabels, v => options.MetricsRepositoryLabels = v);
        options.WorkspacesRoot = ConfigurationValues.ExpandHome(options.WorkspacesRoot);
        if (options.StatePath is not null)
        {
            options.StatePath = ConfigurationValues.ExpandHome(options.StatePath);
        }
    }
}
