using System.Globalization;
using System.Text;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>
/// The text Codemate types into an agent for feedback on its pull request: a review comment (where it sits and what it
/// answers), a review, a failed check. What people wrote, the diff hunk and CI output are quoted in
/// <see cref="UntrustedTextFence"/> blocks, like comments; the caller has removed hidden content and bounded the size.
/// </summary>
internal static class FeedbackPrompts
{
    /// <summary>A review comment: file, line(s) and side (never the diff position), the hunk, and the comment it answers.</summary>
    public static string ReviewComment(ReviewCommentCreated comment, string body, string diffHunk)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var location = comment.Location;
        var quoted = PromptFormatter.Normalize(body);
        var hunk = PromptFormatter.Normalize(diffHunk);
        var fence = UntrustedTextFence.For(quoted, hunk, location.Path);
        var text = new StringBuilder()
            .Append("New review comment on ").Append(PromptFormatter.Where(comment.PullRequestNumber))
            .Append(" from @").Append(comment.Author.Login).Append(", on ").Append(Place(location)).Append(":\n");
        if (comment.InReplyToId is { } answered)
        {
            text.Append(CultureInfo.InvariantCulture, $"It is a reply in the thread of review comment {answered}.\n");
        }

        text.Append('\n');
        if (hunk.Length > 0)
        {
            text.Append("The diff hunk it is on:\n");
            fence.AppendQuote(text, "diff", hunk).Append('\n');
        }

        text.Append("The comment:\n");
        return (quoted.Length == 0 ? text.Append("(empty comment)") : fence.AppendBlock(text, comment.Author.Login, quoted)).ToString().TrimEnd('\n');
    }

    /// <summary>A submitted review's body and verdict.</summary>
    public static string Review(ReviewSubmitted review, string body)
    {
        ArgumentNullException.ThrowIfNull(review);
        var quoted = PromptFormatter.Normalize(body);
        var verdict = review.State switch
        {
            "changes_requested" => "changes requested",
            "approved" => "approved",
            _ => "commented",
        };
        var text = new StringBuilder()
            .Append("New review on ").Append(PromptFormatter.Where(review.PullRequestNumber))
            .Append(" from @").Append(review.Author.Login).Append(": ").Append(verdict).Append(".\n\n");
        return UntrustedTextFence.For(quoted).AppendBlock(text, review.Author.Login, quoted).ToString().TrimEnd('\n');
    }

    private static string Place(ReviewLocation location)
    {
        var path = string.IsNullOrEmpty(location.Path) ? "the pull request" : location.Path;
        if (location.Line is not { } line)
        {
            return path + " (the whole file, or a line that has changed since)";
        }

        var side = location.Side == "LEFT" ? "the base version, before the change" : "the pull request's version";
        return location.StartLine is { } start && start != line
            ? string.Create(CultureInfo.InvariantCulture, $"{path} lines {start}-{line} ({side})")
            : string.Create(CultureInfo.InvariantCulture, $"{path} line {line} ({side})");
    }
}
