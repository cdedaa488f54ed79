using System.Diagnostics;

namespace Codemate.Diagnostics;

/// <summary>
/// A child span of the current activity for one git or tmux command. It carries the subcommand only (<c>fetch</c>,
/// <c>send-keys</c>): the rest of an argument list holds paths, session names, environment values and, for tmux, text
/// typed into an agent, none of which belongs in a trace.
/// </summary>
internal static class CommandSpan
{
    public const string GitName = "codemate.git";
    public const string TmuxName = "codemate.tmux";

    public static Activity? Start(string name, string subcommandTag, string subcommand)
    {
        var activity = CodemateTelemetry.Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(subcommandTag, subcommand);
        return activity;
    }

    /// <summary>Records how the command ended; a non-zero exit code marks the span as failed.</summary>
    public static void Ended(Activity? activity, int exitCode)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.ExitCode, exitCode);
        if (exitCode != 0)
        {
            activity.SetStatus(ActivityStatusCode.Error, "exit_code");
        }
    }

    /// <summary>The command did not run to an exit code (timeout, not started).</summary>
    public static void Failed(Activity? activity, string kind) => activity?.SetStatus(ActivityStatusCode.Error, kind);
}
