using System.Net;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.PullRequests;

/// <summary>
/// Conversation comments, review comments and reviews on the draft pull request Codemate opened reach the issue's
/// agent through the comment queue, under the same rules as comments on the issue, in the order they came even while it is
/// busy; on any other pull request they do not. A review comment the agent answered gets one reply in its thread.
/// </summary>
public sealed class PullRequestFeedbackTests : IAsyncLifetime
{
    private const string Owner = "octo";
    private const string Name = "feedback";
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private PullRequestFlow _flow = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync(Owner, Name);
        _host = await _world.StartHostAsync();
        _flow = new PullRequestFlow(_world, _host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_comment_on_codemates_pull_request_reaches_the_agent_of_its_issue()
    {
        var pull = await _flow.StartAsync(1);

        await _flow.CommentOnPullRequestAsync(pull, "Please rename the class.", 101);

        var messages = await _world.AgentLog(1).WaitForMessagesAsync(2);
        Assert.StartsWith($"New comment on the pull request (#{pull}) from @bob", messages[1], StringComparison.Ordinal);
        Assert.Equal("Please rename the class.", AgentPrompts.QuotedText(messages[1]));
    }

    [Fact]
    public async Task A_comment_on_the_pull_request_queued_for_a_busy_agent_shows_on_the_status_comment_as_waiting()
    {
        var pull = await _flow.StartAsync(9, "Think first. [[hold]]");

        await _flow.CommentOnPullRequestAsync(pull, "When you are done: rename the class.", 901);

        await _world.WaitForStatusAsync(9, b => b.Contains("Feedback waiting for the agent: 1 (1 comment)", StringComparison.Ordinal), "the comment waiting");
        _world.AgentLog(9).Release();
        Assert.Equal("When you are done: rename the class.", AgentPrompts.QuotedText((await _world.AgentLog(9).WaitForMessagesAsync(2))[1]));
    }

    [Fact]
    public async Task A_comment_on_a_pull_request_codemate_did_not_open_is_ignored()
    {
        await _flow.StartAsync(2);

        await _flow.SendIgnoredAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", Owner, Name, 77, "Hello", TestWorld.OtherWriter, onPullRequest: true, commentId: 102), "not a pull request Codemate opened");
    }

    [Fact]
    public async Task A_review_comment_reaches_the_agent_with_its_file_lines_side_and_hunk_and_a_reply_names_the_comment_it_answers()
    {
        var pull = await _flow.StartAsync(3);

        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            Owner, Name, pull, "issue-3", "This loop never ends.", "src/Loop.cs", line: 12, startLine: 10, commentId: 301,
            diffHunk: "@@ -8,3 +8,5 @@ class Loop\n void Run()\n+    while (true)\n+    { }"));
        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            Owner, Name, pull, "issue-3", "And the old version did this.", "src/Loop.cs", line: 9, side: "LEFT", commentId: 302, inReplyTo: 301));

        var messages = await _world.AgentLog(3).WaitForMessagesAsync(3);
        var first = messages[1];
        Assert.StartsWith($"New review comment on the pull request (#{pull}) from @bob, on src/Loop.cs lines 10-12 (the pull request's version):", first, StringComparison.Ordinal);
        Assert.Contains("+    while (true)", first, StringComparison.Ordinal);
        Assert.DoesNotContain("97", first.Split("<untrusted-text")[0], StringComparison.Ordinal);
        Assert.Equal("This loop never ends.", AgentPrompts.QuotedText(first));
        Assert.StartsWith($"New review comment on the pull request (#{pull}) from @bob, on src/Loop.cs line 9 (the base version, before the change):", messages[2], StringComparison.Ordinal);
        Assert.Contains("It is a reply in the thread of review comment 301.", messages[2], StringComparison.Ordinal);
        Assert.Equal("And the old version did this.", AgentPrompts.QuotedText(messages[2]));
    }

    [Fact]
    public async Task A_review_that_requests_changes_reaches_the_agent_and_an_approval_without_text_does_not()
    {
        var pull = await _flow.StartAsync(4);

        await _flow.SendIgnoredAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull, "issue-4", "approved", null, reviewId: 401), "has no text");
        await _flow.SendAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull, "issue-4", "changes_requested", "Tests are missing.", reviewId: 402));

        var messages = await _world.AgentLog(4).WaitForMessagesAsync(2);
        Assert.StartsWith($"New review on the pull request (#{pull}) from @bob: changes requested.", messages[1], StringComparison.Ordinal);
        Assert.Equal("Tests are missing.", AgentPrompts.QuotedText(messages[1]));
    }

    [Fact]
    public async Task Feedback_from_readers_bots_and_on_other_pull_requests_never_reaches_the_agent()
    {
        var pull = await _flow.StartAsync(5);

        // A reader's comment is accepted, then denied by the policy; the bot's and the fork's are ignored at the door.
        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-5", "reader says delete everything", "a.txt", 1, TestWorld.Reader, commentId: 501));
        await _flow.SendAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull, "issue-5", "commented", "reader's review", TestWorld.Reader, reviewId: 502));
        await _flow.SendIgnoredAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-5", "bot says", "a.txt", 1, "helper[bot]", "Bot", commentId: 503), "bot");
        await _flow.SendIgnoredAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull + 30, "issue-5", "commented", "another pull request", reviewId: 504), "is not the one Codemate opened");
        await _flow.SendIgnoredAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-5", "fork says", "a.txt", 1, commentId: 505, forkOwner: "mallory"), "comes from mallory");
        await _flow.SendIgnoredAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull, "feature", "commented", "not Codemate's branch", reviewId: 506), "not a Codemate branch");
        await _flow.CommentOnPullRequestAsync(pull, "reader on the pull request", 507, TestWorld.Reader);
        // Work for one issue is handled in order: once this arrives, everything sent before it was handled.
        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-5", "the writer's word", "a.txt", 1, TestWorld.OtherWriter, commentId: 508));

        var messages = await _world.AgentLog(5).WaitForMessagesAsync(2);
        Assert.Equal("the writer's word", AgentPrompts.QuotedText(messages[1]));
        Assert.Equal(2, _world.AgentLog(5).Messages().Count);
    }

    [Fact]
    public async Task A_review_comment_for_an_agent_that_is_not_running_starts_it_again_with_the_issue_and_then_the_comment()
    {
        var pull = await _flow.StartAsync(6);
        await _world.Tmux.KillSessionAsync(Codemate.Sessions.SessionNames.For(_world.Issue(6)));

        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-6", "Still broken here.", "a.txt", 3, commentId: 601));

        var messages = await _world.AgentLog(6).WaitForMessagesAsync(3);
        Assert.Contains($"{Owner}/{Name}#6", messages[1], StringComparison.Ordinal);
        Assert.Equal("Still broken here.", AgentPrompts.QuotedText(messages[2]));
        Assert.Single(_world.Remote.PullRequests);
    }

    [Fact]
    public async Task An_answered_review_comment_gets_one_reply_in_its_thread_naming_the_commits_pushed_after_it()
    {
        var pull = await _flow.StartAsync(7);

        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-7", "Add the fix. [[commit fix.txt]] [[hold]]", "a.txt", 2, commentId: 701));
        await _world.AgentLog(7).WaitUntilAsync(() => _world.AgentLog(7).Entries().Any(e => e.Kind == "committed"), what: "the commit");
        _world.AgentLog(7).Release();

        var reply = await WaitForReplyAsync(701);
        Assert.Equal(pull, reply.PullNumber);
        var pushed = (await _world.GitHub.GetCommitsAsync(Owner, Name, "issue-7")).First(c => c.Subject == "Add fix.txt");
        Assert.Contains("Commits pushed to `issue-7` since:", reply.Body, StringComparison.Ordinal);
        Assert.Contains("`Add fix.txt`", reply.Body, StringComparison.Ordinal);
        Assert.Contains(pushed.Sha[..7], reply.Body, StringComparison.Ordinal);
        await _world.WaitForStatusAsync(7, b => !b.Contains("Feedback waiting", StringComparison.Ordinal), "no feedback waiting");

        // A reply in the same thread is answered in that thread (its first comment); the first answer is not repeated.
        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-7", "Thanks, and this?", "a.txt", 2, commentId: 702, inReplyTo: 701));
        await Eventually.WaitAsync(() => _world.Remote.ReviewComments.Count(c => c.InReplyTo == 701) == 2, "the second reply in thread 701");
        var second = _world.Remote.ReviewComments.Last(c => c.InReplyTo == 701);
        Assert.Contains("pushed no new commits", second.Body, StringComparison.Ordinal);
        Assert.Single(_world.Remote.ReviewComments, c => c.Body.Contains("`Add fix.txt`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_busy_agent_gets_the_pull_requests_feedback_afterwards_in_the_order_it_came()
    {
        var pull = await _flow.StartAsync(8, "Think first. [[hold]]");
        _world.Remote.Checks.AddJob(new Codemate.Testing.GitHubDouble.DoubleJob(9_201, 9_201, "build", "failure", [], "build broke", []));

        await _flow.CommentOnPullRequestAsync(pull, "First, a comment.", 801);
        await _flow.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(Owner, Name, pull, "issue-8", "Second, a line.", "a.txt", 4, commentId: 802));
        await _flow.SendAsync("pull_request_review", WebhookPayloads.ReviewEvent(Owner, Name, pull, "issue-8", "changes_requested", "Third, a review.", reviewId: 803));
        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_201, "build", "failure", "issue-8", pull));
        await _world.WaitForStatusAsync(8, b => b.Contains("CI-fix attempts: 1 of", StringComparison.Ordinal), "the failure queued");
        await _world.WaitForStatusAsync(
            8,
            b => b.Contains("Feedback waiting for the agent: 4 (1 comment, 1 review comment, 1 review, 1 failed check)", StringComparison.Ordinal),
            "all four kinds of feedback counted as waiting");
        Assert.Single(_world.AgentLog(8).Messages());
        _world.AgentLog(8).Release();

        var messages = await _world.AgentLog(8).WaitForMessagesAsync(5);
        await _world.WaitForStatusAsync(8, b => !b.Contains("Feedback waiting", StringComparison.Ordinal), "the feedback answered");
        Assert.Equal("First, a comment.", AgentPrompts.QuotedText(messages[1]));
        Assert.Equal("Second, a line.", AgentPrompts.QuotedText(messages[2]));
        Assert.Equal("Third, a review.", AgentPrompts.QuotedText(messages[3]));
        Assert.StartsWith("A check failed", messages[4], StringComparison.Ordinal);
        Assert.Empty(_world.AgentLog(8).InputWhileBusy());
    }

    private async Task<Codemate.Testing.GitHubDouble.DoubleReviewComment> WaitForReplyAsync(long thread)
    {
        await Eventually.WaitAsync(() => _world.Remote.ReviewComments.Any(c => c.InReplyTo == thread), $"a reply in review thread {thread}");
        return Assert.Single(_world.Remote.ReviewComments, c => c.InReplyTo == thread);
    }
}
