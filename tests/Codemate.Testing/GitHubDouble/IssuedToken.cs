namespace Codemate.Testing.GitHubDouble;

/// <summary>An installation token the double issued, and the App JWT that asked for it.</summary>
/// <param name="InstallationId">The installation the token belongs to.</param>
/// <param name="Token">The token.</param>
/// <param name="ExpiresAt">When the double stops accepting it.</param>
/// <param name="JwtIssuedAt">The JWT's <c>iat</c>.</param>
/// <param name="JwtExpiresAt">The JWT's <c>exp</c>.</param>
public sealed record IssuedToken(long InstallationId, string Token, DateTimeOffset ExpiresAt, DateTimeOffset JwtIssuedAt, DateTimeOffset JwtExpiresAt)
{
    /// <summary>Redacted, like a real token should be.</summary>
    public override string ToString() => $"IssuedToken(installation {InstallationId}, expires {ExpiresAt:O})";
}
