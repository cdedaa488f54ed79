using Codemate.Configuration;

namespace Codemate.Workflow;

/// <summary>
/// Budgets and watchdogs for agent sessions, workspace clean-up and what happens when the agent finishes. Bound from
/// the <c>Codemate:Workflow</c> section, then from the <c>CODEMATE_*</c> variables named on each property.
/// </summary>
public sealed class WorkflowOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate:Workflow";

    /// <summary>Longest an agent session may run (<c>CODEMATE_MAX_SESSION_MINUTES</c>, default 240; 0: no limit).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "CODEMATE_MAX_SESSION_MINUTES must be between 0 and 365 days' worth of minutes.")]
    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Longest an agent may wait for input before its tmux session is ended; the workspace is kept
    /// (<c>CODEMATE_MAX_IDLE_MINUTES</c>, default 60; 0: no limit).
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "CODEMATE_MAX_IDLE_MINUTES must be between 0 and 365 days' worth of minutes.")]
    public TimeSpan MaxIdleDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an agent may be busy with no change in its terminal before it counts as hung and is stopped
    /// (<c>CODEMATE_HUNG_AGENT_MINUTES</c>, default 30; 0: never).
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "CODEMATE_HUNG_AGENT_MINUTES must be between 0 and 365 days' worth of minutes.")]
    public TimeSpan HungAgentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a closed issue's workspace is kept before it is removed (<c>CODEMATE_WORKSPACE_RETENTION_DAYS</c>,
    /// default 7). Repository mirrors are always kept.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "CODEMATE_WORKSPACE_RETENTION_DAYS must be between 0 and 365 days' worth of days.")]
    public TimeSpan WorkspaceRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Marks the draft pull request ready for review when the agent finishes with commits
    /// (<c>CODEMATE_READY_FOR_REVIEW</c>, default <see langword="false"/>).
    /// </summary>
    public bool ReadyForReview { get; set; }

    /// <summary>
    /// How many failed checks on an issue's pull request are sent to its agent to fix before Codemate stops sending
    /// them and says so on the status comment (<c>CODEMATE_MAX_CI_FIX_ATTEMPTS</c>, default 3; 0: none are sent). A
    /// comment or review from someone who may steer gives the agent the whole budget again.
    /// </summary>
    [SettingRange(0, 100, ErrorMessage = "CODEMATE_MAX_CI_FIX_ATTEMPTS must be between 0 and 100.")]
    public int MaxCiFixAttempts { get; set; } = 3;

    /// <summary>
    /// Tokens (input, output, cache writes and cache reads together) a session may use; the turn that reaches it
    /// finishes, then the session is stopped (<c>CODEMATE_MAX_SESSION_TOKENS</c>, default 0: no limit).
    /// </summary>
    [SettingRange(0d, double.MaxValue, ErrorMessage = "CODEMATE_MAX_SESSION_TOKENS must be 0 (no limit) or more.")]
    public long MaxSessionTokens { get; set; }

    /// <summary>
    /// Estimated US dollars a session may cost by the price table; the turn that reaches it finishes, then the session
    /// is stopped (<c>CODEMATE_MAX_SESSION_COST_USD</c>, default 0: no limit).
    /// </summary>
    [SettingRange(0d, double.MaxValue, ErrorMessage = "CODEMATE_MAX_SESSION_COST_USD must be 0 (no limit) or more.")]
    public decimal MaxSessionCostUsd { get; set; }

    /// <summary>
    /// Estimated US dollars the sessions of one repository may cost together in one UTC day by the price table; once
    /// reached, its running sessions stop after their turn and its new ones wait in the queue until midnight UTC
    /// (<c>CODEMATE_MAX_DAILY_COST_USD_PER_REPOSITORY</c>, default 0: no limit).
    /// </summary>
    [SettingRange(0d, double.MaxValue, ErrorMessage = "CODEMATE_MAX_DAILY_COST_USD_PER_REPOSITORY must be 0 (no limit) or more.")]
    public decimal MaxDailyCostUsdPerRepository { get; set; }

    /// <summary>A price table that replaces the one shipped (<c>CODEMATE_PRICES_FILE</c>; the format of <c>Usage/prices.json</c>).</summary>
    public string? PricesFile { get; set; }

    /// <summary>How often budgets are checked and queued issues are started when a slot is free (default 30 seconds).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Codemate:Workflow:WatchdogInterval must be between 10 milliseconds and 1 hour.")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often closed issues' workspaces are checked against <see cref="WorkspaceRetention"/> (default 1 hour).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Codemate:Workflow:RetentionInterval must be between 10 milliseconds and 1 day.")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}
