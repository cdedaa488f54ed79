namespace Codemate.Configuration;

/// <summary>
/// The environment variable names users already know from the original server, plus Codemate's own.
/// Each is also a configuration key, so <c>appsettings.json</c> and command-line switches work the same.
/// </summary>
public static class EnvironmentVariables
{
    /// <summary>HMAC secret for webhook signatures.</summary>
    public const string WebhookSecret = "GITHUB_WEBHOOK_SECRET";

    /// <summary>Explicit opt-out of signature verification (development only).</summary>
    public const string InsecureSkipSignature = "CODEMATE_INSECURE_SKIP_SIGNATURE";

    /// <summary>Personal access token.</summary>
    public const string GitHubToken = "GITHUB_TOKEN";

    /// <summary>GitHub App id.</summary>
    public const string GitHubAppId = "GITHUB_APP_ID";

    /// <summary>Inline PEM private key; <c>\n</c> escapes become newlines.</summary>
    public const string GitHubAppPrivateKey = "GITHUB_APP_PRIVATE_KEY";

    /// <summary>Path to the PEM private key.</summary>
    public const string GitHubAppPrivateKeyFile = "GITHUB_APP_PRIVATE_KEY_FILE";

    /// <summary>GitHub App installation id; otherwise taken from each payload.</summary>
    public const string GitHubAppInstallationId = "GITHUB_APP_INSTALLATION_ID";

    /// <summary>Web URL of GitHub (or GitHub Enterprise Server).</summary>
    public const string GitHubServerUrl = "GITHUB_SERVER_URL";

    /// <summary>REST API URL of GitHub (or GitHub Enterprise Server).</summary>
    public const string GitHubApiUrl = "GITHUB_API_URL";

    /// <summary>Root directory for issue workspaces.</summary>
    public const string WorkspacesRoot = "WORKSPACES_ROOT";

    /// <summary>System prompt file for Claude Code.</summary>
    public const string SystemPromptFile = "SYSTEM_PROMPT_FILE";

    /// <summary>Path of the SQLite state database.</summary>
    public const string StatePath = "CODEMATE_STATE_PATH";

    /// <summary>A PostgreSQL connection string or URI: all state in PostgreSQL instead of SQLite.</summary>
    public const string DatabaseUrl = "CODEMATE_DATABASE_URL";

    /// <summary>This replica's name among those sharing one PostgreSQL database.</summary>
    public const string ReplicaId = "CODEMATE_REPLICA_ID";

    /// <summary>Seconds a replica's hold on its issues lasts without a heartbeat.</summary>
    public const string LeaseSeconds = "CODEMATE_LEASE_SECONDS";

    /// <summary>How many issues are worked on concurrently by the event pipeline.</summary>
    public const string MaxConcurrentIssues = "CODEMATE_MAX_CONCURRENT_ISSUES";

    /// <summary>Times accepted work is tried before it is parked for <c>/codemate retry</c>.</summary>
    public const string WorkMaxAttempts = "CODEMATE_WORK_MAX_ATTEMPTS";

    /// <summary>Seconds before work that failed is tried again; the wait doubles after each failure, up to five minutes.</summary>
    public const string WorkRetrySeconds = "CODEMATE_WORK_RETRY_SECONDS";

    /// <summary>The agent profile: <c>claude</c> (default) or <c>command</c>.</summary>
    public const string Agent = "CODEMATE_AGENT";

    /// <summary>The command the <c>command</c> profile runs.</summary>
    public const string AgentCommand = "CODEMATE_AGENT_COMMAND";

    /// <summary>Names the directory of Codemate's tmux sockets (one server per session), beside those of <c>tmux -L</c>.</summary>
    public const string TmuxSocket = "CODEMATE_TMUX_SOCKET";

    /// <summary>Path of the directory of Codemate's tmux sockets (<c>tmux -S {path}/{session}</c>); wins over <see cref="TmuxSocket"/>.</summary>
    public const string TmuxSocketPath = "CODEMATE_TMUX_SOCKET_PATH";

    /// <summary>Logins that may drive the agent, comma-separated.</summary>
    public const string AllowedUsers = "CODEMATE_ALLOWED_USERS";

    /// <summary>Repositories handled (<c>owner/repo</c> or <c>owner/*</c>), comma-separated.</summary>
    public const string AllowedRepositories = "CODEMATE_ALLOWED_REPOSITORIES";

    /// <summary>Says in so many words that a GitHub App serves every repository it is installed on.</summary>
    public const string AllowAllRepositories = "CODEMATE_ALLOW_ALL_REPOSITORIES";

    /// <summary>Label that starts work on an issue.</summary>
    public const string TriggerLabel = "CODEMATE_TRIGGER_LABEL";

    /// <summary>Name (<c>@name</c>) a comment must mention to be forwarded.</summary>
    public const string TriggerMention = "CODEMATE_TRIGGER_MENTION";

    /// <summary>Least repository permission that may drive the agent (default <c>write</c>).</summary>
    public const string RequiredPermission = "CODEMATE_REQUIRED_PERMISSION";

    /// <summary>Lets allow-listed users skip the permission lookup.</summary>
    public const string TrustAllowedUsers = "CODEMATE_TRUST_ALLOWED_USERS";

    /// <summary>Seconds a looked-up permission is reused.</summary>
    public const string PermissionCacheSeconds = "CODEMATE_PERMISSION_CACHE_SECONDS";

    /// <summary>Agent sessions alive at once.</summary>
    public const string MaxConcurrentSessions = "CODEMATE_MAX_CONCURRENT_SESSIONS";

    /// <summary>Characters of an issue's title and body handed to the agent.</summary>
    public const string MaxPromptChars = "CODEMATE_MAX_PROMPT_CHARS";

    /// <summary>Characters of one comment handed to the agent.</summary>
    public const string MaxCommentChars = "CODEMATE_MAX_COMMENT_CHARS";

    /// <summary>Comments forwarded per issue in any hour.</summary>
    public const string MaxCommentsPerHour = "CODEMATE_MAX_COMMENTS_PER_HOUR";

    /// <summary>Bearer token that unlocks the detailed status endpoint; without it the endpoint answers 404.</summary>
    public const string StatusToken = "CODEMATE_STATUS_TOKEN";

    /// <summary>Gives the agent a git credential helper that asks Codemate for a fresh token on every use.</summary>
    public const string AgentGitCredentials = "CODEMATE_AGENT_GIT_CREDENTIALS";

    /// <summary>A command that prints Claude Code's API key; becomes <c>apiKeyHelper</c> in every session's settings.</summary>
    public const string ClaudeApiKeyHelper = "CODEMATE_CLAUDE_API_KEY_HELPER";

    /// <summary>How agents are contained: <c>bwrap</c> (default, bubblewrap) or <c>none</c>.</summary>
    public const string Sandbox = "CODEMATE_SANDBOX";

    /// <summary>Names of further variables of Codemate's environment the agent inherits, comma-separated (all others are withheld).</summary>
    public const string AgentEnvironment = "CODEMATE_AGENT_ENV";

    /// <summary>Seconds a new agent may take to report idle and receive its task before it counts as a failed start (0: no limit).</summary>
    public const string AgentStartSeconds = "CODEMATE_AGENT_START_SECONDS";

    /// <summary>Longest an agent session may run, in minutes (0: no limit).</summary>
    public const string MaxSessionMinutes = "CODEMATE_MAX_SESSION_MINUTES";

    /// <summary>Longest an agent may wait for input before its session is stopped, in minutes (0: no limit).</summary>
    public const string MaxIdleMinutes = "CODEMATE_MAX_IDLE_MINUTES";

    /// <summary>Minutes an agent may be busy with no change in its terminal before it counts as hung (0: never).</summary>
    public const string HungAgentMinutes = "CODEMATE_HUNG_AGENT_MINUTES";

    /// <summary>Days a closed issue's workspace is kept before it is removed.</summary>
    public const string WorkspaceRetentionDays = "CODEMATE_WORKSPACE_RETENTION_DAYS";

    /// <summary>Whether to keep one checked-out spare workspace per repository for the next issue.</summary>
    public const string SpareWorkspace = "CODEMATE_SPARE_WORKSPACE";

    /// <summary>Marks the draft pull request ready for review when the agent finishes with commits.</summary>
    public const string ReadyForReview = "CODEMATE_READY_FOR_REVIEW";

    /// <summary>Failed checks sent to an issue's agent to fix before a person must speak again.</summary>
    public const string MaxCiFixAttempts = "CODEMATE_MAX_CI_FIX_ATTEMPTS";

    /// <summary>Whether metrics carry the repository's name as a label (default <c>false</c>).</summary>
    public const string MetricsRepositoryLabels = "CODEMATE_METRICS_REPOSITORY_LABELS";

    /// <summary>A price table (JSON) that replaces the one shipped, for the estimated cost of sessions.</summary>
    public const string PricesFile = "CODEMATE_PRICES_FILE";

    /// <summary>Tokens (every kind together) a session may use before it is stopped after its turn (0: no limit).</summary>
    public const string MaxSessionTokens = "CODEMATE_MAX_SESSION_TOKENS";

    /// <summary>Estimated US dollars a session may cost before it is stopped after its turn (0: no limit).</summary>
    public const string MaxSessionCostUsd = "CODEMATE_MAX_SESSION_COST_USD";

    /// <summary>
    /// Estimated US dollars one repository's agents may cost per UTC day: running sessions stop after their turn, new
    /// ones queue until the next day (0: no limit).
    /// </summary>
    public const string MaxDailyCostUsdPerRepository = "CODEMATE_MAX_DAILY_COST_USD_PER_REPOSITORY";
}
