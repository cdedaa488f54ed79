using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Codemate.Testing.GitHubDouble;

/// <summary>Failure injection and authorization of <c>/api/v3</c>: PATs, unexpired installation tokens, App JWTs.</summary>
public sealed partial class GitHubDouble
{
    private const string CallerKey = "github-double-caller";
    private static readonly TimeSpan JwtMaxLifetime = TimeSpan.FromMinutes(10);

    private async Task ApiGateAsync(HttpContext context, Func<Task> next)
    {
        if (TakeFailure(context.Request.Method, context.Request.Path) is { } failure)
        {
            await WriteFailureAsync(context, failure);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var appRoute = path.Equals("/api/v3/app", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/v3/app/", StringComparison.OrdinalIgnoreCase);
        var token = BearerOrToken(context.Request.Headers.Authorization.ToString());
        var caller = token is null ? null : appRoute ? AuthenticateApp(token) : AuthenticateToken(token);
        if (caller is null)
        {
            await WriteErrorAsync(context, 401, appRoute ? "A JSON web token could not be decoded" : "Bad credentials");
            return;
        }

        context.Items[CallerKey] = caller;
        await next();
    }

    private static string? BearerOrToken(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = authorization[..space];
        return scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || scheme.Equals("token", StringComparison.OrdinalIgnoreCase)
            ? authorization[(space + 1)..].Trim()
            : null;
    }

    private DoubleCaller? AuthenticateToken(string token)
    {
        if (_userTokens.TryGetValue(token, out var login))
        {
            return new DoubleCaller(login, InstallationId: null, Jwt: null);
        }

        var now = Clock.GetUtcNow();
        var issued = _issuedTokens.FirstOrDefault(t => t.Token == token);
        return issued is not null && issued.ExpiresAt > now ? new DoubleCaller(AppSlug + "[bot]", issued.InstallationId, Jwt: null) : null;
    }

    private DoubleCaller? AuthenticateApp(string jwt)
    {
        if (_appPublicKey is null || AppId is null)
        {
            return null;
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(_appPublicKey),
            ValidIssuer = AppId.Value.ToString(CultureInfo.InvariantCulture),
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
        };
        try
        {
            var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
            handler.ValidateToken(jwt, parameters, out var validated);
            var payload = ((JwtSecurityToken)validated).Payload;
            if (!payload.ContainsKey(JwtRegisteredClaimNames.Iat) || payload.Expiration is null)
            {
                return null;
            }

            var issuedAt = new DateTimeOffset(payload.IssuedAt, TimeSpan.Zero);
            var expiresAt = new DateTimeOffset(payload.ValidTo, TimeSpan.Zero);
            var now = Clock.GetUtcNow();
            if (expiresAt <= now || issuedAt > now.AddSeconds(60) || expiresAt - issuedAt > JwtMaxLifetime)
            {
                return null;
            }

            return new DoubleCaller(AppSlug + "[bot]", InstallationId: null, Jwt: new JwtTimes(issuedAt, expiresAt));
        }
        catch (Exception exception) when (exception is SecurityTokenException or ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    private async Task WriteFailureAsync(HttpContext context, DoubleFailure failure)
    {
        if (failure.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (failure.RateLimitResetIn is { } resetIn)
        {
            context.Response.Headers["x-ratelimit-limit"] = "5000";
            context.Response.Headers["x-ratelimit-remaining"] = "0";
            context.Response.Headers["x-ratelimit-reset"] = (Clock.GetUtcNow() + resetIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        await WriteErrorAsync(context, failure.StatusCode, failure.Message);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { message, documentation_url = "https://docs.github.com/rest" });
    }

    private static DoubleCaller Caller(HttpContext context) => (DoubleCaller)context.Items[CallerKey]!;

    private sealed record DoubleCaller(string Login, long? InstallationId, JwtTimes? Jwt);

    private sealed record JwtTimes(DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
}
