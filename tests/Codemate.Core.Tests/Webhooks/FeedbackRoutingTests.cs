using System.Text;
using System.Text.Json;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>Reviews and review comments on a pull request from a Codemate branch become work for its issue; the rest is ignored with a reason.</summary>
public sealed class FeedbackRoutingTests
{
    [Fact]
    public void A_review_comment_carries_its_file_lines_and_side_not_the_diff_position()
    {
        var work = Assert.IsType<ReviewCommentCreated>(Route("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            "octo", "app", 12, "issue-4", "Rename it.", "src/A.cs", line: 20, startLine: 18, side: "LEFT", commentId: 9, diffHunk: "@@ -1 +1 @@\n-a\n+b")).Work);

        Assert.Equal(4, work.Issue.Number);
        Assert.Equal(12, work.PullRequestNumber);
        Assert.Equal("Rename it.", work.Body);
        Assert.Equal("bob", work.Author.Login);
        Assert.Equal(new ReviewLocation("src/A.cs", 20, 18, "LEFT", "LEFT", "@@ -1 +1 @@\n-a\n+b"), work.Location);
        Assert.Null(work.InReplyToId);
    }

    [Fact]
    public void A_reply_in_a_review_thread_names_the_comment_it_answers()
    {
        var work = Assert.IsType<ReviewCommentCreated>(Route("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent("octo", "app", 12, "issue-4", "Done?", "a", 1, inReplyTo: 8)).Work);

        Assert.Equal(8, work.InReplyToId);
    }

    [Theory]
    [InlineData("changes_requested", "Add tests.")]
    [InlineData("commented", "Looks odd.")]
    [InlineData("approved", "Fine, but rename it.")]
    public void A_review_with_text_becomes_work(string state, string body)
    {
        var work = Assert.IsType<ReviewSubmitted>(Route("pull_request_review", WebhookPayloads.ReviewEvent("octo", "app", 12, "issue-4", state, body, reviewId: 5)).Work);

        Assert.Equal((state, body, 5L, 12), (work.State, work.Body, work.ReviewId, work.PullRequestNumber));
    }

    [Theory]
    [InlineData("approved", null, "has no text")]
    [InlineData("changes_requested", "  ", "has no text")]
    [InlineData("dismissed", "old", "is not sent")]
    public void A_review_without_text_or_in_another_state_is_ignored(string state, string? body, string reason)
    {
        var routed = Route("pull_request_review", WebhookPayloads.ReviewEvent("octo", "app", 12, "issue-4", state, body));

        Assert.Null(routed.Work);
        Assert.Contains(reason, routed.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_comments_by_bots_from_forks_and_on_other_branches_are_ignored()
    {
        Assert.Contains("bot", Route("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent("octo", "app", 12, "issue-4", "x", "a", 1, "ci[bot]", "Bot")).IgnoredBecause, StringComparison.Ordinal);
        Assert.Contains("comes from mallory/app", Route("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent("octo", "app", 12, "issue-4", "x", "a", 1, forkOwner: "mallory")).IgnoredBecause, StringComparison.Ordinal);
        Assert.Contains("not a Codemate branch", Route("pull_request_review", WebhookPayloads.ReviewEvent("octo", "app", 12, "feature", "commented", "x")).IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_comment_on_a_pull_request_is_work_that_names_the_pull_request_until_its_issue_is_found()
    {
        var work = Assert.IsType<IssueCommentCreated>(Route("issue_comment", WebhookPayloads.IssueCommentEvent("created", "octo", "app", 12, "Hi", onPullRequest: true)).Work);

        Assert.Equal(12, work.PullRequestNumber);
        Assert.Equal(12, work.Issue.Number);
    }

    [Fact]
    public void Review_work_survives_the_store_unchanged()
    {
        var work = Route("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent("octo", "app", 12, "issue-4", "x", "a", 1, startLine: 1, inReplyTo: 3)).Work!;

        var read = JsonSerializer.Deserialize<IssueWork>(JsonSerializer.Serialize(work, StateJson.Options), StateJson.Options);

        // The labels are a new list after the round trip; everything else compares by value.
        Assert.Equal(work with { Details = FeedbackRouter.Unread }, read! with { Details = FeedbackRouter.Unread });
        Assert.IsType<ReviewCommentCreated>(read);
    }

    private static RoutedEvent Route(string @event, string payload)
    {
        var json = Encoding.UTF8.GetBytes(payload);
        return EventRouter.Route(@event, PayloadScan.Read(json, 64), json, "d1");
    }
}
