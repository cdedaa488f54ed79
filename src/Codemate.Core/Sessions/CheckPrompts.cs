using System.Globalization;
using System.Text;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>
/// The text Codemate types into an agent when a check failed on its pull request. Everything CI reported (names, the
/// summary, annotations, the log) is quoted in an <see cref="UntrustedTextFence"/> block: a test's output can carry
/// any text, including text written to look like instructions. The caller has removed hidden content and bounded it.
/// </summary>
internal static class CheckPrompts
{
    /// <summary>
    /// A failed check: its name, the failing job and step, annotations and the tail of the job's log, and which of the
    /// automatic CI-fix attempts this is.
    /// </summary>
    public static string CheckFailure(CheckFailed failure, CheckFailureReport report, string branch, int attempt, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(report);
        var sha = failure.HeadSha.Length > 12 ? failure.HeadSha[..12] : failure.HeadSha;
        var fence = UntrustedTextFence.For([report.Name, report.Job, report.Step, report.Summary, report.Annotations, report.LogTail]);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"A check failed on {PromptFormatter.Where(failure.PullRequestNumber)}: ")
            .Append(CultureInfo.InvariantCulture, $"{failure.Conclusion} on commit {sha}")
            .Append(string.IsNullOrEmpty(failure.HtmlUrl) ? string.Empty : $" ({failure.HtmlUrl})").Append(".\n")
            .Append(CultureInfo.InvariantCulture, $"This is automatic CI-fix attempt {attempt} of {maxAttempts}.\n\n")
            .Append("The check, and the failing job and step, as CI named them:\n");
        fence.AppendQuote(text, "ci", Lines(("Check", report.Name), ("Job", report.Job), ("Step", report.Step))).Append('\n');
        if (!string.IsNullOrWhiteSpace(report.Summary))
        {
            text.Append("Its summary:\n");
            fence.AppendQuote(text, "ci", report.Summary).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(report.Annotations))
        {
            text.Append("Its annotations:\n");
            fence.AppendQuote(text, "ci", report.Annotations).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(report.LogTail))
        {
            text.Append("The last lines of the failed job's log:\n");
            fence.AppendQuote(text, "ci log", report.LogTail).Append('\n');
        }

        return text
            .Append("Find the cause, fix it on branch ").Append(branch).Append(", commit and push; CI runs again on the push.")
            .ToString();
    }

    private static string Lines(params (string Label, string? Value)[] lines) => string.Join(
        '\n',
        lines.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => $"{l.Label}: {l.Value}"));
}
