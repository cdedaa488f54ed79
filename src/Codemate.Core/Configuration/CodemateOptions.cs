using System.ComponentModel.DataAnnotations;

namespace Codemate.Configuration;

/// <summary>Webhook intake, workspaces and state. Bound from the <c>Codemate</c> section and the environment variables in <see cref="EnvironmentVariables"/>.</summary>
public sealed class CodemateOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate";

    /// <summary>HMAC secret shared with GitHub (<c>GITHUB_WEBHOOK_SECRET</c>). Required unless <see cref="InsecureSkipSignature"/>.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Accepts unsigned deliveries. For local experiments only; every request then logs a warning.</summary>
    public bool InsecureSkipSignature { get; set; }

    /// <summary>
    /// Bearer token for the detailed status endpoint (<c>CODEMATE_STATUS_TOKEN</c>). Without it the endpoint answers
    /// 404; with it, requests must send <c>Authorization: Bearer {token}</c>.
    /// </summary>
    public string? StatusToken { get; set; }

    /// <summary>Root of the per-issue workspaces (<c>WORKSPACES_ROOT</c>, default <c>~/workspaces</c>).</summary>
    [Required(ErrorMessage = "WORKSPACES_ROOT must name a directory.")]
    public string WorkspacesRoot { get; set; } = DefaultWorkspacesRoot();

    /// <summary>SQLite database path (<c>CODEMATE_STATE_PATH</c>, default <c>{WORKSPACES_ROOT}/.codemate/state.db</c>).</summary>
    public string? StatePath { get; set; }

    /// <summary>
    /// A PostgreSQL database that holds all of Codemate's state instead of the SQLite file (<c>CODEMATE_DATABASE_URL</c>):
    /// Npgsql's keyword form (<c>Host=…;Database=…;Username=…;Password=…</c>) or a URI
    /// (<c>postgresql://user:password@host:port/database</c>). Unset: SQLite at <see cref="StatePath"/>.
    /// </summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>
    /// This replica's name among those sharing one PostgreSQL database (<c>CODEMATE_REPLICA_ID</c>); unset, the host
    /// name and process id. Two live replicas may not share one.
    /// </summary>
    [StringLength(128, ErrorMessage = "CODEMATE_REPLICA_ID must be at most 128 characters.")]
    public string? ReplicaId { get; set; }

    /// <summary>
    /// How long a replica's hold on its issues lasts without a heartbeat (<c>CODEMATE_LEASE_SECONDS</c>): another
    /// replica takes the issues of one silent for longer. Renewed every third of it.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "CODEMATE_LEASE_SECONDS must be between 1 and 600.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The replica id in use: <see cref="ReplicaId"/>, or the host name and process id.</summary>
    public string ResolvedReplicaId => string.IsNullOrWhiteSpace(ReplicaId)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}")
        : ReplicaId.Trim();

    /// <summary>Issues the event pipeline works on at once (<c>CODEMATE_MAX_CONCURRENT_ISSUES</c>).</summary>
    [SettingRange(1, 256, ErrorMessage = "CODEMATE_MAX_CONCURRENT_ISSUES must be between 1 and 256.")]
    public int MaxConcurrentIssues { get; set; } = 4;

    /// <summary>
    /// Times accepted work is tried before it is parked (<c>CODEMATE_WORK_MAX_ATTEMPTS</c>): a handler that throws, or
    /// finished work the state store would not remove, is retried with back-off, then set aside for <c>/codemate retry</c>.
    /// </summary>
    [SettingRange(1, 100, ErrorMessage = "CODEMATE_WORK_MAX_ATTEMPTS must be between 1 and 100.")]
    public int WorkMaxAttempts { get; set; } = 6;

    /// <summary>
    /// The wait before work that failed is tried again (<c>CODEMATE_WORK_RETRY_SECONDS</c>); it doubles after each
    /// further failure, up to <see cref="MaxWorkRetryDelay"/>.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "CODEMATE_WORK_RETRY_SECONDS must be between 0 and 3600.")]
    public TimeSpan WorkRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts at the same work.</summary>
    public static readonly TimeSpan MaxWorkRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>Largest accepted body; GitHub caps payloads at 25 MiB.</summary>
    [SettingRange(1024, 100L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted.</summary>
    [SettingRange(8, 512)]
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>How long delivery ids are remembered for duplicate detection.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether metrics carry the repository's name as a label (<c>CODEMATE_METRICS_REPOSITORY_LABELS</c>, default
    /// <see langword="false"/>): a private repository's name is a secret to some teams.
    /// </summary>
    public bool MetricsRepositoryLabels { get; set; }

    /// <summary>The effective state database path.</summary>
    public string ResolvedStatePath => string.IsNullOrWhiteSpace(StatePath)
        ? Path.Combine(Path.GetFullPath(WorkspacesRoot), ".codemate", "state.db")
        : Path.GetFullPath(StatePath);

    private static string DefaultWorkspacesRoot() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "workspaces");
}
