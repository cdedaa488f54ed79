using System.Text.RegularExpressions;
using Codemate.Issues;
using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

public sealed partial class FeedbackPromptsTests
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 4);

    [Fact]
    public void A_review_comment_prompt_says_where_it_sits_quotes_the_hunk_as_repository_content_and_the_text_as_the_reviewers()
    {
        var comment = ReviewComment(new ReviewLocation("src/A.cs", 12, 10, "RIGHT", "RIGHT", "@@ -1 +1 @@\n-a\n+b"), inReplyTo: null);

        var prompt = FeedbackPrompts.ReviewComment(comment, "Rename it.\r\n", comment.Location.DiffHunk);

        var b = Opening().Match(prompt).Groups["b"].Value;
        Assert.Equal(
            "New review comment on the pull request (#12) from @bob, on src/A.cs lines 10-12 (the pull request's version):\n\n" +
            $"The diff hunk it is on:\n<untrusted-text boundary=\"{b}\" from=\"diff\">\n@@ -1 +1 @@\n-a\n+b\n</untrusted-text boundary=\"{b}\">\n\n" +
            $"The comment:\n<untrusted-text boundary=\"{b}\" from=\"@bob\">\nRename it.\n</untrusted-text boundary=\"{b}\">",
            prompt);
    }

    [Theory]
    [InlineData(7, null, "LEFT", "on src/A.cs line 7 (the base version, before the change):")]
    [InlineData(null, null, "RIGHT", "on src/A.cs (the whole file, or a line that has changed since):")]
    [InlineData(5, 5, "RIGHT", "on src/A.cs line 5 (the pull request's version):")]
    public void A_review_comment_prompt_names_one_line_its_side_or_the_file(int? line, int? start, string side, string expected)
    {
        var comment = ReviewComment(new ReviewLocation("src/A.cs", line, start, side, null, ""), inReplyTo: 77);

        var prompt = FeedbackPrompts.ReviewComment(comment, "x", "");

        Assert.Contains(expected + "\nIt is a reply in the thread of review comment 77.\n\nThe comment:\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_review_prompt_gives_the_verdict_and_quotes_the_body()
    {
        var review = new ReviewSubmitted
        {
            Issue = Issue, Details = Details, DeliveryId = "d", Sender = Bob, PullRequestNumber = 12, ReviewId = 3,
            State = "changes_requested", Body = "Tests?", Author = Bob,
        };

        var prompt = FeedbackPrompts.Review(review, "Tests?");

        var b = Opening().Match(prompt).Groups["b"].Value;
        Assert.Equal($"New review on the pull request (#12) from @bob: changes requested.\n\n<untrusted-text boundary=\"{b}\" from=\"@bob\">\nTests?\n</untrusted-text boundary=\"{b}\">", prompt);
    }

    [Fact]
    public void A_comment_on_the_pull_request_says_so()
    {
        Assert.StartsWith("New comment on the pull request (#12) from @bob:\n\n", PromptFormatter.CommentPrompt("bob", "hi", 12), StringComparison.Ordinal);
        Assert.StartsWith("New comment on the issue from @bob:\n\n", PromptFormatter.CommentPrompt("bob", "hi"), StringComparison.Ordinal);
    }

    private static readonly Actor Bob = new("bob", false, 2);

    private static readonly IssueDetails Details = new("T", "B", "alice", "", []);

    private static ReviewCommentCreated ReviewComment(ReviewLocation location, long? inReplyTo) => new()
    {
        Issue = Issue, Details = Details, DeliveryId = "d", Sender = Bob, PullRequestNumber = 12, CommentId = 9,
        Body = "x", Author = Bob, Location = location, InReplyToId = inReplyTo,
    };

    [GeneratedRegex("<untrusted-text boundary=\"(?<b>[0-9a-f]+)\"")]
    private static partial Regex Opening();
}
