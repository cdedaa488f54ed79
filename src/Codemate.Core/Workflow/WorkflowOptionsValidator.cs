using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>Checks the budgets at startup; every message names the variable to set.</summary>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var failures = new List<string>();
        Check(options.MaxSessionDuration, EnvironmentVariables.MaxSessionMinutes, "minutes", failures);
        Check(options.MaxIdleDuration, EnvironmentVariables.MaxIdleMinutes, "minutes", failures);
        Check(options.HungAgentTimeout, EnvironmentVariables.HungAgentMinutes, "minutes", failures);
        Check(options.WorkspaceRetention, EnvironmentVariables.WorkspaceRetentionDays, "days", failures);
        if (options.MaxCiFixAttempts is < 0 or > 100)
        {
            failures.Add($"{EnvironmentVariables.MaxCiFixAttempts} must be between 0 and 100.");
        }

        if (options.MaxSessionTokens < 0)
        {
            failures.Add($"{EnvironmentVariables.MaxSessionTokens} must be 0 (no limit) or more.");
        }

        if (options.MaxSessionCostUsd < 0)
        {
            failures.Add($"{EnvironmentVariables.MaxSessionCostUsd} must be 0 (no limit) or more.");
        }

        if (options.MaxDailyCostUsdPerRepository < 0)
        {
            failures.Add($"{EnvironmentVariables.MaxDailyCostUsdPerRepository} must be 0 (no limit) or more.");
        }

        if (!string.IsNullOrWhiteSpace(options.PricesFile))
        {
            try
            {
                _ = Usage.PriceTable.Load(options.PricesFile);
            }
            catch (CodemateException exception)
            {
                failures.Add(exception.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(TimeSpan value, string variable, string unit, List<string> failures)
    {
        if (value < TimeSpan.Zero || value > Longest)
        {
            failures.Add($"{variable} must be between 0 and 365 days' worth of {unit}.");
        }
    }
}
