namespace Codemate.Testing.GitHubDouble;

/// <summary>A failure the double answers with instead of handling a request (see <see cref="GitHubDouble.FailNext"/>).</summary>
public sealed record DoubleFailure
{
    private DoubleFailure(int statusCode, string message)
    {
        StatusCode = statusCode;
        Message = message;
    }

    /// <summary>The HTTP status answered.</summary>
    public int StatusCode { get; }

    /// <summary>GitHub's error message.</summary>
    public string Message { get; }

    /// <summary>Sent as <c>Retry-After</c> (seconds).</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>Sent as <c>x-ratelimit-reset</c> (epoch seconds on the double's clock) with <c>x-ratelimit-remaining: 0</c>.</summary>
    public TimeSpan? RateLimitResetIn { get; private init; }

    /// <summary>A 422 Unprocessable Entity, as GitHub answers a request it will not carry out.</summary>
    public static DoubleFailure ValidationFailed() => new(422, "Validation Failed");

    /// <summary>A 502 Bad Gateway, or another 5xx.</summary>
    public static DoubleFailure ServerError(int statusCode = 502) => new(statusCode, "Server Error");

    /// <summary>A primary rate limit: 403, <c>x-ratelimit-remaining: 0</c>, reset <paramref name="resetIn"/> from now.</summary>
    public static DoubleFailure RateLimited(TimeSpan resetIn) =>
        new(403, "API rate limit exceeded") { RateLimitResetIn = resetIn };

    /// <summary>A 429 with <c>Retry-After</c>.</summary>
    public static DoubleFailure TooManyRequests(TimeSpan retryAfter) =>
        new(429, "You have exceeded a secondary rate limit") { RetryAfter = retryAfter };

    /// <summary>A 401 Bad credentials.</summary>
    public static DoubleFailure Unauthorized() => new(401, "Bad credentials");
}
