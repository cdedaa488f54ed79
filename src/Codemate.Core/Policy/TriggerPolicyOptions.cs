using Codemate.Configuration;

namespace Codemate.Policy;

/// <summary>
/// Who may drive the agent, and how much text reaches it. Bound from the <c>Codemate:Policy</c> section, then from
/// the <c>CODEMATE_*</c> environment variables named on each property.
/// </summary>
public sealed class TriggerPolicyOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate:Policy";

    /// <summary>
    /// Logins that may drive the agent (<c>CODEMATE_ALLOWED_USERS</c>, comma-separated). Empty: anyone with
    /// <see cref="RequiredPermission"/>. Non-empty: only these, and they still need the permission unless
    /// <see cref="TrustAllowedUsers"/> is set.
    /// </summary>
    public IList<string> AllowedUsers { get; } = [];

    /// <summary>
    /// Repositories handled, as <c>owner/repo</c> or <c>owner/*</c> (<c>CODEMATE_ALLOWED_REPOSITORIES</c>,
    /// comma-separated). Empty: every repository that sends a signed webhook, which a GitHub App accepts only with
    /// <see cref="AllowAllRepositories"/>. Others are answered 200 and ignored.
    /// </summary>
    public IList<string> AllowedRepositories { get; } = [];

    /// <summary>
    /// Lets a GitHub App serve every repository it is installed on (<c>CODEMATE_ALLOW_ALL_REPOSITORIES</c>, default
    /// <see langword="false"/>). Anyone can install a public App on a repository of their own, where they are admin,
    /// so in App mode startup refuses an empty <see cref="AllowedRepositories"/> unless this says so, and warns at
    /// every start when it does. A personal access token is limited by what the token can reach and needs neither.
    /// </summary>
    public bool AllowAllRepositories { get; set; }

    /// <summary>
    /// When set, work starts only on issues carrying this label (<c>CODEMATE_TRIGGER_LABEL</c>): when an issue is
    /// opened with it, or when someone with the required permission adds it. Comments on issues without it are ignored.
    /// </summary>
    public string? TriggerLabel { get; set; }

    /// <summary>
    /// When set, only comments that mention <c>@name</c> are forwarded (<c>CODEMATE_TRIGGER_MENTION</c>; the
    /// leading <c>@</c> is optional). Issues still start as the other settings say.
    /// </summary>
    public string? TriggerMention { get; set; }

    /// <summary>
    /// The least permission on the repository that lets someone drive the agent (<c>CODEMATE_REQUIRED_PERMISSION</c>:
    /// <c>read</c>, <c>triage</c>, <c>write</c>, <c>maintain</c> or <c>admin</c>; default <c>write</c>). On a public
    /// repository every GitHub user has <c>read</c>.
    /// </summary>
    public RepositoryPermission RequiredPermission { get; set; } = RepositoryPermission.Write;

    /// <summary>
    /// Lets <see cref="AllowedUsers"/> drive the agent without the permission lookup
    /// (<c>CODEMATE_TRUST_ALLOWED_USERS</c>, default <see langword="false"/>). The names are then trusted as written.
    /// </summary>
    public bool TrustAllowedUsers { get; set; }

    /// <summary>How long a looked-up permission is reused (<c>CODEMATE_PERMISSION_CACHE_SECONDS</c>, default 300; 0 disables the cache).</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "CODEMATE_PERMISSION_CACHE_SECONDS must be between 0 and 86400 seconds.")]
    public TimeSpan PermissionCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Agent sessions alive at once (<c>CODEMATE_MAX_CONCURRENT_SESSIONS</c>, default 4). Enforced by the session scheduler.</summary>
    [SettingRange(1, 256, ErrorMessage = "CODEMATE_MAX_CONCURRENT_SESSIONS must be between 1 and 256.")]
    public int MaxConcurrentSessions { get; set; } = 4;

    /// <summary>Characters of an issue's title and body handed to the agent (<c>CODEMATE_MAX_PROMPT_CHARS</c>, default 32,000); longer text is truncated with a note.</summary>
    [SettingRange(1_000, 1_000_000, ErrorMessage = "CODEMATE_MAX_PROMPT_CHARS must be between 1000 and 1000000.")]
    public int MaxPromptChars { get; set; } = 32_000;

    /// <summary>Characters of one comment handed to the agent (<c>CODEMATE_MAX_COMMENT_CHARS</c>, default 16,000); longer text is truncated with a note.</summary>
    [SettingRange(100, 1_000_000, ErrorMessage = "CODEMATE_MAX_COMMENT_CHARS must be between 100 and 1000000.")]
    public int MaxCommentChars { get; set; } = 16_000;

    /// <summary>Comments forwarded per issue in any hour (<c>CODEMATE_MAX_COMMENTS_PER_HOUR</c>, default 30); the excess is dropped and logged.</summary>
    [SettingRange(1, 100_000, ErrorMessage = "CODEMATE_MAX_COMMENTS_PER_HOUR must be between 1 and 100000.")]
    public int MaxCommentsPerHour { get; set; } = 30;
}
