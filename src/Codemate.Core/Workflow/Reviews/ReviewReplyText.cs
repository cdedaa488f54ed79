using System.Globalization;
using System.Text;

namespace Codemate.Workflow.Reviews;

/// <summary>
/// The text of Codemate's reply in a review thread: the commits that followed the comment, each as its short hash and
/// subject. Subjects are the agent's text, so each is shown as code: a mention in one pings nobody and markdown in it
/// does nothing.
/// </summary>
internal static class ReviewReplyText
{
    public const int MaxCommits = 20;

    /// <summary>Hidden in the reply to <paramref name="commentId"/>, so a reply posted just before a crash is found again rather than posted twice.</summary>
    public static string Marker(long commentId) => string.Create(CultureInfo.InvariantCulture, $"<!-- codemate:reply:{commentId} -->");

    /// <param name="commits">Short hash and subject of each commit, oldest first.</param>
    /// <param name="branch">The pull request's branch.</param>
    public static string Render(IReadOnlyList<(string Hash, string Subject)> commits, string branch)
    {
        if (commits.Count == 0)
        {
            return "**Codemate:** the agent has worked on this comment and pushed no new commits (it may have found nothing to change).";
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"**Codemate:** the agent has worked on this comment. Commits pushed to `{branch}` since:\n\n"));
        foreach (var (hash, subject) in commits.Take(MaxCommits))
        {
            text.Append("- ").Append(hash).Append(' ').Append(Code(subject)).Append('\n');
        }

        if (commits.Count > MaxCommits)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"- and {commits.Count - MaxCommits} more\n"));
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Code(string subject)
    {
        var clean = Policy.PromptSanitizer.RemoveHiddenCharacters(subject).ReplaceLineEndings(" ").Replace('`', '\'').Trim();
        clean = clean.Length > 120 ? clean[..120] + "…" : clean;
        return clean.Length == 0 ? "(no subject)" : "`" + clean + "`";
    }
}
