using Codemate.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>Binds <see cref="WorkflowOptions"/> from <c>Codemate:Workflow</c>, then from the <c>CODEMATE_*</c> variables, which win.</summary>
internal sealed class WorkflowOptionsSetup(IConfiguration configuration) : IConfigureOptions<WorkflowOptions>
{
    public void Configure(WorkflowOptions options)
    {
        configuration.GetSection(WorkflowOptions.SectionName).Bind(options);
        ConfigurationValues.Minutes(configuration, EnvironmentVariables.MaxSessionMinutes, v => options.MaxSessionDuration = v);
        ConfigurationValues.Minutes(configuration, EnvironmentVariables.MaxIdleMinutes, v => options.MaxIdleDuration = v);
        ConfigurationValues.Minutes(configuration, EnvironmentVariables.HungAgentMinutes, v => options.HungAgentTimeout = v);
        ConfigurationValues.Days(configuration, EnvironmentVariables.WorkspaceRetentionDays, v => options.WorkspaceRetention = v);
        ConfigurationValues.Boolean(configuration, EnvironmentVariables.ReadyForReview, v => options.ReadyForReview = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxCiFixAttempts, v => options.MaxCiFixAttempts = v);
        ConfigurationValues.Int64(configuration, EnvironmentVariables.MaxSessionTokens, v => options.MaxSessionTokens = v);
        ConfigurationValues.Decimal(configuration, EnvironmentVariables.MaxSessionCostUsd, v => options.MaxSessionCostUsd = v);
        ConfigurationValues.Decimal(configuration, EnvironmentVariables.MaxDailyCostUsdPerRepository, v => options.MaxDailyCostUsdPerRepository = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.PricesFile, v => options.PricesFile = ConfigurationValues.ExpandHome(v));
    }
}
