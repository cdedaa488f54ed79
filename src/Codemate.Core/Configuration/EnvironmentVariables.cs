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

    /// <summary>How many issues are worked on concurrently by the event pipeline.</summary>
    public const string MaxConcurrentIssues = "CODEMATE_MAX_CONCURRENT_ISSUES";

    /// <summary>The agent profile: <c>claude</c> (default) or <c>command</c>.</summary>
    public const string Agent = "CODEMATE_AGENT";

    /// <summary>The command the <c>command</c> profile runs.</summary>
    public const string AgentCommand = "CODEMATE_AGENT_COMMAND";

    /// <summary>Name of Codemate's private tmux server socket (<c>tmux -L</c>).</summary>
    public const string TmuxSocket = "CODEMATE_TMUX_SOCKET";
}
