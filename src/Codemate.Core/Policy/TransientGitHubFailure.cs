using System.Globalization;
using Octokit;
using Polly.Timeout;

namespace Codemate.Policy;

/// <summary>Tells GitHub failing for a while apart from GitHub answering "no".</summary>
internal static class TransientGitHubFailure
{
    /// <summary>Whether <paramref name="exception"/> or one of its causes is a failure that passes.</summary>
    public static bool Is(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException:
                case ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError or System.Net.HttpStatusCode.TooManyRequests }:
                case HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError }:
                case TimeoutRejectedException or TimeoutException or TaskCanceledException:
                    return true;
                case ApiException:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The exception that makes the dispatcher try again, saying what <paramref name="lookup"/> was and how it failed, never GitHub's text.</summary>
    public static GitHubUnavailableException Unavailable(string lookup, Exception exception) =>
        new($"GitHub could not {lookup} ({Kind(exception)}); the event is tried again later", exception);

    private static string Kind(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is ApiException api)
            {
                return string.Create(CultureInfo.InvariantCulture, $"it answered {(int)api.StatusCode}");
            }
        }

        return "it could not be reached";
    }
}
