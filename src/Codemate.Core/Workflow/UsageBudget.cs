using System.Globalization;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// Brings a running session's usage up to date and stops it once it is over <c>CODEMATE_MAX_SESSION_TOKENS</c> or
/// <c>CODEMATE_MAX_SESSION_COST_USD</c>, or once its repository's sessions together reached
/// <c>CODEMATE_MAX_DAILY_COST_USD_PER_REPOSITORY</c> today (<see cref="DailyBudget"/>), but only between turns: the turn
/// that crossed a budget finishes (its work is not cut off half done), and no further text reaches the agent. Called when an agent finishes a turn and from the
/// watchdog's rounds; a stop refreshes the status comment itself, a change of usage is the caller's to show.
/// </summary>
internal sealed partial class UsageBudget(
    IStateStore store,
    UsageTracker tracker,
    ISessionSupervisor sessions,
    SessionStopper stopper,
    DailyBudget daily,
    IOptions<WorkflowOptions> options,
    ILogger<UsageBudget> logger)
{
    /// <returns>Whether the session's usage changed since it was last stored, so its status comment is out of date.</returns>
    public async Task<bool> CheckAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        if (await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false) is not { State: SessionState.Running } record)
        {
            return false;
        }

        // The daily budget stops a session that used nothing itself too: its repository's other sessions spent it.
        var usage = await tracker.RefreshAsync(record, cancellationToken).ConfigureAwait(false);
        if (sessions.GetStatus(issue) != AgentStatus.Busy
            && ((usage is null ? null : Exceeded(usage, options.Value)) ?? await daily.ReasonAsync(issue.Repository, cancellationToken).ConfigureAwait(false)) is { } reason)
        {
            Log.OverBudget(logger, issue.Repository.FullName, issue.Number, reason);
            await stopper.StopAsync(issue, reason, closed: false, finished: false, cancellationToken).ConfigureAwait(false);
        }

        return usage is not null && usage != record.Usage;
    }

    /// <summary>Why <paramref name="usage"/> is over a budget, or <see langword="null"/> while it is not.</summary>
    internal static string? Exceeded(SessionUsage usage, WorkflowOptions budgets)
    {
        if (budgets.MaxSessionTokens > 0 && usage.Tokens.Total >= budgets.MaxSessionTokens)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"the session used {usage.Tokens.Total:N0} tokens, reaching its budget of {budgets.MaxSessionTokens:N0} ({EnvironmentVariables.MaxSessionTokens}).");
        }

        if (budgets.MaxSessionCostUsd > 0 && usage.EstimatedCostUsd is { } cost && cost >= budgets.MaxSessionCostUsd)
        {
            return $"the session cost about {UsageText.Dollars(cost)}, reaching its budget of {UsageText.Dollars(budgets.MaxSessionCostUsd)} ({EnvironmentVariables.MaxSessionCostUsd}).";
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(9502, LogLevel.Information, "Stopping the agent for {Repository}#{Issue} after its turn: {Reason}")]
        public static partial void OverBudget(ILogger logger, string repository, int issue, string reason);
    }
}
