using System.Text;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>The text Codemate types into an agent for an issue and for a follow-up comment.</summary>
internal static class PromptFormatter
{
    /// <summary>The first prompt: which issue, where the work goes, and what it says.</summary>
    public static string IssuePrompt(IssueKey issue, IssueDetails details, string branch, string? pullRequestUrl)
    {
        ArgumentNullException.ThrowIfNull(details);
        var text = new StringBuilder()
            .Append("Please work on GitHub issue ").Append(issue.ToString()).Append(": ").Append(details.Title.Trim()).Append('\n')
            .Append('\n')
            .Append("Repository: ").Append(issue.Repository.FullName).Append('\n')
            .Append("Issue: #").Append(issue.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append(string.IsNullOrEmpty(details.HtmlUrl) ? string.Empty : $" ({details.HtmlUrl})").Append('\n')
            .Append("Opened by: @").Append(details.Author).Append('\n')
            .Append("Branch: ").Append(branch).Append('\n')
            .Append("Draft pull request: ").Append(pullRequestUrl ?? "(not opened yet)").Append('\n')
            .Append('\n')
            .Append("Issue description:\n")
            .Append(string.IsNullOrWhiteSpace(details.Body) ? "(no description)" : Normalize(details.Body)).Append('\n')
            .Append('\n')
            .Append("Implement it on branch ").Append(branch).Append(", commit as you go, and push so the draft pull request stays up to date.");
        return text.ToString();
    }

    /// <summary>A follow-up comment from the issue.</summary>
    public static string CommentPrompt(string author, string body) =>
        $"New comment on the issue from @{author}:\n\n{(string.IsNullOrWhiteSpace(body) ? "(empty comment)" : Normalize(body))}";

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
