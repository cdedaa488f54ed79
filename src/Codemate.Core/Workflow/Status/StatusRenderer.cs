using System.Globalization;
using System.Text;

namespace Codemate.Workflow.Status;

/// <summary>
/// Renders the living status comment. No timestamps or counters that change on their own: the same status always
/// gives the same text, so an unchanged status never edits the comment.
/// </summary>
internal static class StatusRenderer
{
    /// <summary>Marks Codemate's status comment, invisible on GitHub.</summary>
    public const string Marker = "<!-- codemate:status -->";

    public static string Render(IssueStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder()
            .Append(Marker).Append('\n')
            .Append("**Codemate:** ").Append(Headline(status)).Append("\n\n");
        if (Detail(status) is { } detail)
        {
            text.Append(detail).Append("\n\n");
        }

        if (status.AgentScreen is { Length: > 0 } screen)
        {
            // A fence longer than any run of backticks on the screen, so the screen cannot close it.
            var fence = new string('`', Math.Max(3, LongestBacktickRun(screen) + 1));
            text.Append("The last lines of the agent's screen:\n\n").Append(fence).Append("text\n").Append(screen).Append('\n').Append(fence).Append("\n\n");
        }

        var links = new List<string>();
        if (status.PullRequestUrl is { } url)
        {
            links.Add(status.PullRequestNumber is { } number
                ? string.Create(CultureInfo.InvariantCulture, $"Draft pull request: [#{number}]({url})")
                : $"Draft pull request: {url}");
        }

        if (status.Branch is { } branch)
        {
            links.Add($"Branch: `{branch}`");
        }

        if (status.Commits is { } commits)
        {
            links.Add(string.Create(CultureInfo.InvariantCulture, $"Commits pushed: {commits}"));
        }

        if (links.Count > 0)
        {
            text.AppendJoin(" · ", links).Append("\n\n");
        }

        if (status.PullRequest is { } pull && PullRequestLine(pull) is { } line)
        {
            text.Append(line).Append("\n\n");
        }

        if (status.Usage is { } usage)
        {
            text.Append("Model usage: ").Append(Usage.UsageText.Describe(usage)).Append("\n\n");
        }

        if (status.Note is { } note)
        {
            text.Append("> ").Append(note.ReplaceLineEndings(" ")).Append("\n\n");
        }

        text.Append("<sub>Commands for people who may steer: `/codemate start` vouches for the issue's text and starts the agent on it, `/codemate status` refreshes this comment, `/codemate stop` ends the session, `/codemate retry` runs events that failed again, or else starts a fresh session in the same workspace, `/codemate discard` drops events that failed every attempt. Other comments go to the agent.</sub>");
        return text.ToString();
    }

    private static string Headline(IssueStatus status) => status.Phase switch
    {
        StatusPhase.Queued when status.BudgetWait is not null => "⏳ Queued until the next day: daily budget reached",
        StatusPhase.Queued => status.QueuePosition is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"⏳ Queued (position {position})")
            : "⏳ Queued",
        StatusPhase.Preparing => "🛠️ Preparing the workspace",
        StatusPhase.Working => "⚙️ The agent is working",
        StatusPhase.Waiting => "💬 Waiting for input",
        StatusPhase.Failed => "❌ Failed",
        StatusPhase.Stopped => "⏹️ Stopped",
        StatusPhase.Done => "✅ Done",
        StatusPhase.AwaitingVouch => "✋ Not started: waiting for someone who may steer",
        _ => status.Phase.ToString(),
    };

    private static string? Detail(IssueStatus status) => status.Phase switch
    {
        StatusPhase.Queued when status.BudgetWait is { } wait => $"Reason: {wait.Reason}\n\nWork starts after {wait.Until}, when the budget starts again.",
        StatusPhase.Queued => "All agent sessions are busy; work starts as soon as one is free.",
        StatusPhase.Waiting => "The agent is waiting for input: comment on this issue to reply.",
        StatusPhase.Failed => $"Reason: {status.Reason ?? "unknown"}\n\nWhat to do: fix the cause if it is on your side, then comment on this issue or use `/codemate retry`; the workspace is kept.",
        StatusPhase.Stopped => $"Reason: {status.Reason ?? "unknown"}\n\n{Outcome(status)}The workspace is kept: comment on this issue or use `/codemate retry` to continue.",
        StatusPhase.Done => $"The agent's session ended. {Outcome(status)}".TrimEnd(),
        StatusPhase.AwaitingVouch => $"Reason: {status.Reason ?? "unknown"}\n\nWhat to do: someone who may steer Codemate reads the issue and, if its text is fine to hand to the agent, comments `/codemate start`. Codemate then works on the text as it is at that moment; a later edit needs a new `/codemate start`.",
        _ => null,
    };

    /// <summary>Feedback the agent has not answered, the last check and the CI-fix budget; nothing before any of them happened.</summary>
    private static string? PullRequestLine(PullRequestState pull)
    {
        var parts = new List<string>();
        if (FeedbackText(pull.FeedbackWaiting) is { } waiting)
        {
            parts.Add(waiting);
        }

        if (pull.LastCheck is { } check)
        {
            var mark = check.Conclusion == "success" ? "✅" : "❌";
            var commit = check.HeadSha.Length >= 7 ? $" on `{check.HeadSha[..7]}`" : string.Empty;
            parts.Add($"Last check: {mark} `{CiNameText(check.Name)}` {check.Conclusion}{commit}");
        }

        if (pull.CiFixAttempts > 0 || pull.LastCheck is { Conclusion: not "success" })
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"CI-fix attempts: {pull.CiFixAttempts} of {pull.MaxCiFixAttempts}"));
        }

        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>"Feedback waiting for the agent: 3 (2 review comments, 1 failed check)", kinds in a fixed order.</summary>
    private static string? FeedbackText(IReadOnlyDictionary<State.FeedbackKind, int> waiting)
    {
        var total = waiting.Values.Sum();
        if (total == 0)
        {
            return null;
        }

        var kinds = Enum.GetValues<State.FeedbackKind>()
            .Where(kind => waiting.GetValueOrDefault(kind) > 0)
            .Select(kind => Counted(waiting[kind], kind switch
            {
                State.FeedbackKind.Comment => "comment",
                State.FeedbackKind.ReviewComment => "review comment",
                State.FeedbackKind.Review => "review",
                _ => "failed check",
            }));
        return string.Create(CultureInfo.InvariantCulture, $"Feedback waiting for the agent: {total} ({string.Join(", ", kinds)})");
    }

    private static string Counted(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static string CiNameText(string name) => (Checks.CiText.Name(name) ?? "check").Replace('`', '\'');

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static string Outcome(IssueStatus status) => status switch
    {
        { MarkedReadyForReview: true } => "The pull request is marked ready for review. ",
        { Commits: 0 } => "The agent made no commits (fine if it only had to answer). ",
        _ => string.Empty,
    };
}
