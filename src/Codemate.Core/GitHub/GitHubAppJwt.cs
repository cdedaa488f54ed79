using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Codemate.GitHub;

/// <summary>
/// Signs the short-lived RS256 JWT a GitHub App presents to ask for installation tokens: issued 60 seconds in the
/// past (clock drift) and expiring ten minutes after that, the longest GitHub accepts.
/// </summary>
internal sealed class GitHubAppJwt : IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly RSA _key;
    private readonly SigningCredentials _signing;
    private readonly TimeProvider _time;

    public GitHubAppJwt(RSA key, long appId, TimeProvider time)
    {
        _key = key;
        AppId = appId;
        _time = time;
        _signing = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256)
        {
            CryptoProviderFactory = new CryptoProviderFactory { CacheSignatureProviders = false },
        };
    }

    public long AppId { get; }

    public string Create()
    {
        var issuedAt = _time.GetUtcNow() - Backdate;
        var payload = new JwtPayload
        {
            { JwtRegisteredClaimNames.Iat, issuedAt.ToUnixTimeSeconds() },
            { JwtRegisteredClaimNames.Exp, (issuedAt + Lifetime).ToUnixTimeSeconds() },
            { JwtRegisteredClaimNames.Iss, AppId.ToString(CultureInfo.InvariantCulture) },
        };
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(new JwtHeader(_signing), payload));
    }

    public void Dispose() => _key.Dispose();
}
