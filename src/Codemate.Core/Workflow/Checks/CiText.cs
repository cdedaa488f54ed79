using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Codemate.GitHub;
using Codemate.Policy;

namespace Codemate.Workflow.Checks;

/// <summary>
/// Makes what CI reports fit for the agent: hidden characters and terminal colour codes removed, Actions' per-line
/// timestamps dropped, and every part bounded, so a megabyte of log costs the agent a screenful.
/// </summary>
internal static partial class CiText
{
    public const int MaxLogLines = 80;
    public const int MaxLogChars = 6_000;
    public const int MaxAnnotations = 20;
    public const int MaxAnnotationChars = 4_000;
    public const int MaxSummaryChars = 2_000;

    // Lines kept after the last error: the error's own context, not the post-job clean-up that follows it.
    private const int LinesAfterLastError = 3;

    /// <summary>
    /// The end of a job's log, ending a few lines after its last <c>##[error]</c> line when it has one (what follows
    /// is clean-up), at most <see cref="MaxLogLines"/> lines and <see cref="MaxLogChars"/> characters.
    /// </summary>
    public static string LogTail(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var lines = Ansi().Replace(log.Replace("\r\n", "\n", StringComparison.Ordinal), string.Empty)
            .Split('\n')
            .Select(line => Timestamp().Replace(line, string.Empty))
            .ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var lastError = lines.FindLastIndex(line => line.Contains("##[error]", StringComparison.Ordinal));
        var end = lastError < 0 ? lines.Count : Math.Min(lines.Count, lastError + 1 + LinesAfterLastError);
        var start = Math.Max(0, end - MaxLogLines);
        var tail = PromptSanitizer.RemoveHiddenCharacters(string.Join('\n', lines.Skip(start).Take(end - start)));
        if (tail.Length > MaxLogChars)
        {
            tail = tail[^MaxLogChars..];
            start = -1;
        }

        return start == 0 ? tail : "(earlier lines left out)\n" + tail;
    }

    /// <summary>One line per annotation (<c>path:line [level] title: message</c>), failures first, bounded.</summary>
    public static string? Annotations(IReadOnlyList<CheckAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        if (annotations.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var annotation in annotations.OrderBy(a => a.Level == "failure" ? 0 : a.Level == "warning" ? 1 : 2).Take(MaxAnnotations))
        {
            var lines = annotation.EndLine > annotation.StartLine
                ? string.Create(CultureInfo.InvariantCulture, $"{annotation.StartLine}-{annotation.EndLine}")
                : annotation.StartLine.ToString(CultureInfo.InvariantCulture);
            var title = string.IsNullOrWhiteSpace(annotation.Title) ? string.Empty : annotation.Title.Trim() + ": ";
            text.Append(annotation.Path).Append(':').Append(lines).Append(" [").Append(annotation.Level).Append("] ")
                .Append(title).Append(annotation.Message.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).Append('\n');
        }

        if (annotations.Count > MaxAnnotations)
        {
            text.Append(CultureInfo.InvariantCulture, $"({annotations.Count - MaxAnnotations} more annotations left out)\n");
        }

        return PromptSanitizer.Truncate(PromptSanitizer.RemoveHiddenCharacters(text.ToString().TrimEnd('\n')), MaxAnnotationChars).Text;
    }

    /// <summary>A check run's output title and summary (Markdown, so treated like a comment), bounded.</summary>
    public static string? Summary(string? title, string? summary)
    {
        var text = string.Join("\n\n", new[] { title, summary }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return text.Length == 0 ? null : PromptSanitizer.Sanitize(text, MaxSummaryChars).Text;
    }

    /// <summary>A name CI gave (check, job, step): one line, no hidden characters, short.</summary>
    public static string? Name(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : PromptSanitizer.Truncate(PromptSanitizer.RemoveHiddenCharacters(name.ReplaceLineEndings(" ")).Trim(), 200).Text;

    // CSI and OSC sequences: colours, cursor moves, titles. The ESC itself would go anyway; this removes the rest.
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)?)", RegexOptions.CultureInvariant)]
    private static partial Regex Ansi();

    // Actions prefixes every log line with an ISO 8601 timestamp and a space.
    [GeneratedRegex(@"^\uFEFF?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
