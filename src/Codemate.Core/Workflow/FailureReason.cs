using System.Globalization;
using Codemate.Sessions;
using Codemate.Workspaces;
using Microsoft.Data.Sqlite;
using Octokit;
using Polly.Timeout;

namespace Codemate.Workflow;

/// <summary>
/// Says why a step failed twice: in public, on the status comment, and in detail, for the operator. An exception's
/// message can carry paths on the server, ids, git's standard error and whatever GitHub answered, none of which is for
/// everyone who can read the issue; the public sentence is built from the step and the kind of failure alone.
/// </summary>
internal static class FailureReason
{
    /// <summary>A sentence for the status comment; never contains the exception's message.</summary>
    public static string Public(string step, Exception exception) =>
        $"Codemate could not {step} ({Kind(exception)}). Whoever runs Codemate finds the details in its log and its `/status` report.";

    /// <summary>The exception's message for <c>/status</c>, with anything shaped like a token removed as well.</summary>
    public static string Detail(Exception exception) => SecretRedactor.PatternsAndEnvironment.Redact(exception.Message);

    /// <summary>What failed, from the most telling exception in the chain: its type and status, never its text.</summary>
    internal static string Kind(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (Specific(cause) is { } kind)
            {
                return kind;
            }
        }

        return exception is WorkspaceException ? "a workspace check failed" : "an unexpected error";
    }

    private static string? Specific(Exception exception) => exception switch
    {
        GitCommandException => "git failed",
        TmuxException => "tmux failed",
        ApiException api => string.Create(CultureInfo.InvariantCulture, $"GitHub answered {(int)api.StatusCode}"),
        HttpRequestException or TimeoutRejectedException => "GitHub could not be reached",
        SqliteException => "the state database failed",
        IOException or UnauthorizedAccessException => "a file could not be read or written",
        _ => null,
    };
}
