namespace Codemate.GitHub;

/// <summary>How Codemate authenticates to GitHub and where GitHub is. Exactly one method must be configured.</summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate:GitHub";

    /// <summary>Personal access token (<c>GITHUB_TOKEN</c>).</summary>
    public string? Token { get; set; }

    /// <summary>GitHub App id (<c>GITHUB_APP_ID</c>).</summary>
    public long? AppId { get; set; }

    /// <summary>Inline PEM private key (<c>GITHUB_APP_PRIVATE_KEY</c>); <c>\n</c> escapes become newlines.</summary>
    public string? AppPrivateKey { get; set; }

    /// <summary>Path to the PEM private key (<c>GITHUB_APP_PRIVATE_KEY_FILE</c>).</summary>
    public string? AppPrivateKeyFile { get; set; }

    /// <summary>Installation id (<c>GITHUB_APP_INSTALLATION_ID</c>); otherwise taken from each payload.</summary>
    public long? AppInstallationId { get; set; }

    /// <summary>GitHub's web URL (<c>GITHUB_SERVER_URL</c>); git clones from here.</summary>
    public Uri ServerUrl { get; set; } = new("https://github.com");

    /// <summary>GitHub's REST API URL (<c>GITHUB_API_URL</c>).</summary>
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>How often a GitHub API call is retried after a 5xx, a rate limit or a network failure.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first back-off delay when GitHub gives no <c>Retry-After</c>; it grows exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait for a rate limit to reset before giving up on a call.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one attempt of an API call may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    internal bool UsesToken => !string.IsNullOrWhiteSpace(Token);

    internal bool UsesApp => AppId is not null || !string.IsNullOrWhiteSpace(AppPrivateKey) || !string.IsNullOrWhiteSpace(AppPrivateKeyFile);
}
