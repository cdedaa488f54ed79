namespace Codemate.GitHub;

/// <summary>A GitHub token and when it expires. Its <see cref="ToString"/> never shows the value.</summary>
/// <param name="Value">The secret itself; pass it only through the environment or HTTP headers.</param>
/// <param name="ExpiresAt">When it stops working; <see langword="null"/> for a personal access token.</param>
public sealed record GitHubToken(string Value, DateTimeOffset? ExpiresAt)
{
    /// <summary>A redacted description, safe for logs.</summary>
    public override string ToString() => ExpiresAt is { } expires
        ? FormattableString.Invariant($"GitHubToken(***, expires {expires:O})")
        : "GitHubToken(***)";
}
