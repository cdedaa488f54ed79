namespace Codemate.GitHub;

/// <summary>A token that authenticates to GitHub. <see cref="ToString"/> never shows the value.</summary>
internal sealed class GitHubToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="value">The secret itself.</param>
    /// <param name="expiresAt">When it stops working; <see langword="null"/> for a personal access token.</param>
    public GitHubToken(string value, DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        ExpiresAt = expiresAt;
    }

    /// <summary>The secret. Hand it to git through the environment, never through arguments or logs.</summary>
    public string Value { get; }

    /// <summary>When the token stops working; <see langword="null"/> when it does not expire on its own.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>Whether the token expires within <paramref name="margin"/> of <paramref name="now"/>.</summary>
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt - now <= margin;

    /// <summary>A redacted description: the value is never shown.</summary>
    public override string ToString() =>
        ExpiresAt is { } expiresAt ? $"GitHubToken(***, expires {expiresAt:O})" : "GitHubToken(***)";
}
