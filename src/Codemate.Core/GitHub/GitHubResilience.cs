using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Codemate.GitHub;

/// <summary>
/// The retry pipeline every GitHub API request goes through: 5xx, network failures and attempt timeouts back off
/// exponentially; 429 and rate-limited 403 wait for <c>Retry-After</c> or <c>x-ratelimit-reset</c>, unless that
/// is longer than <see cref="GitHubOptions.MaxRetryWait"/>. Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal static partial class GitHubResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Build(GitHubOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, time)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ServerRequestedDelay(response, time) : null),
                OnRetry = args =>
                {
                    var request = args.Outcome.Result?.RequestMessage;
                    Log.Retrying(
                        logger,
                        request?.Method.Method ?? "request",
                        request?.RequestUri?.AbsolutePath ?? "(unknown)",
                        args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "failure",
                        args.RetryDelay,
                        args.AttemptNumber + 1);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, GitHubOptions options, TimeProvider time)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests || IsRateLimited403(response))
        {
            var wait = ServerRequestedDelay(response, time);
            return wait is null || wait <= options.MaxRetryWait;
        }

        return false;
    }

    private static bool IsRateLimited403(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        && (response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0");

    /// <summary>What GitHub asked for: <c>Retry-After</c>, else the rate limit's reset time; <see langword="null"/> for plain back-off.</summary>
    internal static TimeSpan? ServerRequestedDelay(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return Max(date - time.GetUtcNow(), TimeSpan.Zero);
            }
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow(), TimeSpan.Zero);
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "GitHub {Method} {Path} failed with {Status}; retrying in {Delay} (attempt {Attempt})")]
        public static partial void Retrying(ILogger logger, string method, string path, string status, TimeSpan delay, int attempt);
    }
}
