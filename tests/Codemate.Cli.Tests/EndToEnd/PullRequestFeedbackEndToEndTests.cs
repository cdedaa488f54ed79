using System.Net;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #22 against the real <c>codemate serve</c> process: feedback on Codemate's own pull request reaches the
/// running agent, a failed check once however often GitHub reports it, feedback for a busy agent afterwards in the order
/// it came, feedback from bots, readers and other pull requests never, and a review-thread reply survives a restart.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class PullRequestFeedbackEndToEndTests(PullRequestServedWorld world) : IClassFixture<PullRequestServedWorld>
{
    private readonly ServedWorld _served = world.Served;

    [Fact]
    public async Task A_review_comment_and_a_failed_check_delivered_twice_reach_the_running_agent_once_each()
    {
        var pull = await world.StartAsync(1);
        var log = _served.AgentLog(1);

        var review = await _served.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            _served.Owner, _served.Repo, pull, "issue-1", "Off by one here.", "src/Counter.cs", line: 14, startLine: 12, commentId: 111,
            diffHunk: "@@ -10,3 +10,5 @@ class Counter\n int Next()\n+    return count + 2;"));
        Assert.Equal((HttpStatusCode.Accepted, "accepted"), (review.Status, review.Outcome));
        var prompt = (await log.WaitForMessagesAsync(2))[1];
        Assert.StartsWith($"New review comment on the pull request (#{pull}) from @bob, on src/Counter.cs lines 12-14 (the pull request's version):", prompt, StringComparison.Ordinal);
        Assert.Contains("+    return count + 2;", prompt, StringComparison.Ordinal);
        Assert.Equal("Off by one here.", AgentPrompts.QuotedText(prompt));

        _served.World.Remote.Checks.AddJob(new DoubleJob(
            9_101, 701, "unit tests", "failure", [new DoubleStep(1, "dotnet test", "failure")],
            "Counter_counts: expected 1 but was 2\n##[error]Process completed with exit code 1.",
            [new DoubleAnnotation("src/Counter.cs", 14, 14, "failure", "expected 1 but was 2", "Counter_counts")]));
        var checkRun = WebhookPayloads.CheckRunEvent(_served.Owner, _served.Repo, 9_101, "unit tests", "failure", "issue-1", pull);
        Assert.Equal(HttpStatusCode.Accepted, (await _served.SendAsync("check_run", checkRun, deliveryId: "check-run-9101")).Status);
        // GitHub redelivers the same delivery, then reports the same failure in a new delivery.
        Assert.Equal("duplicate", (await _served.SendAsync("check_run", checkRun, deliveryId: "check-run-9101")).Outcome);
        Assert.Equal(HttpStatusCode.Accepted, (await _served.SendAsync("check_run", checkRun)).Status);
        // Work for one issue is handled in order: once this arrives, the reports before it were handled.
        await _served.CommentAsync(pull, "Anything else?", 112, onPullRequest: true);

        var messages = await log.WaitForMessagesAsync(4);
        Assert.StartsWith($"A check failed on the pull request (#{pull})", messages[2], StringComparison.Ordinal);
        Assert.Contains("Check: unit tests\nJob: unit tests\nStep: dotnet test\n", messages[2], StringComparison.Ordinal);
        Assert.Contains("src/Counter.cs:14 [failure] Counter_counts: expected 1 but was 2", messages[2], StringComparison.Ordinal);
        Assert.Contains("##[error]Process completed with exit code 1.", messages[2], StringComparison.Ordinal);
        Assert.Equal("Anything else?", AgentPrompts.QuotedText(messages[3]));
        Assert.Single(log.Messages(), m => m.StartsWith("A check failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_review_thread_reply_github_refused_is_posted_once_after_a_restart()
    {
        var pull = await world.StartAsync(2);
        var log = _served.AgentLog(2);
        var remote = _served.World.Remote;
        var github = _served.World.GitHub;
        var comments = $"/pulls/{pull}/comments";
        github.FailNext(1, DoubleFailure.ValidationFailed(), "POST", comments);

        await _served.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            _served.Owner, _served.Repo, pull, "issue-2", "Rename this. [[commit rename.txt]]", "a.txt", line: 1, commentId: 211));
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "committed"), what: "the agent's commit");
        await Eventually.WaitAsync(() => github.Calls.Any(c => c.Method == "POST" && c.PathAndQuery.EndsWith(comments, StringComparison.Ordinal)), "the refused reply");
        Assert.DoesNotContain(remote.ReviewComments, c => c.PullNumber == pull);

        await _served.RestartAsync();

        await Eventually.WaitAsync(() => remote.ReviewComments.Any(c => c.InReplyTo == 211), "the reply in thread 211 after the restart");
        var reply = Assert.Single(remote.ReviewComments, c => c.PullNumber == pull);
        Assert.Contains("`Add rename.txt`", reply.Body, StringComparison.Ordinal);
        // Recorded before the restart, so it may have been posted: the thread was looked at first.
        Assert.Contains(github.Calls, c => c.Method == "GET" && c.PathAndQuery.EndsWith(comments, StringComparison.Ordinal));
        // A later round finds nothing left to post: still one reply after the next comment is handled.
        await _served.CommentAsync(pull, "Thanks.", 212, onPullRequest: true);
        await log.WaitForMessagesAsync(3);
        Assert.Single(remote.ReviewComments, c => c.PullNumber == pull);
    }

    [Fact]
    public async Task A_busy_agent_gets_every_kind_of_feedback_afterwards_in_the_order_it_came()
    {
        var pull = await world.StartAsync(3, "Think first. [[hold]]");
        var log = _served.AgentLog(3);
        _served.World.Remote.Checks.AddJob(new DoubleJob(9_301, 9_301, "build", "failure", [], "build broke on purpose", []));

        await world.SendAcceptedAsync("issue_comment", world.PullRequestComment(pull, "First, a comment.", 301));
        await world.SendAcceptedAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            _served.Owner, _served.Repo, pull, "issue-3", "Second, a line.", "a.txt", line: 4, commentId: 302));
        await world.SendAcceptedAsync("pull_request_review", WebhookPayloads.ReviewEvent(
            _served.Owner, _served.Repo, pull, "issue-3", "changes_requested", "Third, a review.", reviewId: 303));
        await world.SendAcceptedAsync("check_run", WebhookPayloads.CheckRunEvent(_served.Owner, _served.Repo, 9_301, "build", "failure", "issue-3", pull));
        await _served.World.WaitForStatusAsync(
            3,
            b => b.Contains("Feedback waiting for the agent: 4 (1 comment, 1 review comment, 1 review, 1 failed check)", StringComparison.Ordinal),
            "all four kinds of feedback waiting");
        Assert.Single(log.Messages());
        log.Release();

        var messages = await log.WaitForMessagesAsync(5);
        Assert.Equal("First, a comment.", AgentPrompts.QuotedText(messages[1]));
        Assert.Equal("Second, a line.", AgentPrompts.QuotedText(messages[2]));
        Assert.Equal("Third, a review.", AgentPrompts.QuotedText(messages[3]));
        Assert.StartsWith($"A check failed on the pull request (#{pull})", messages[4], StringComparison.Ordinal);
        Assert.Contains("build broke on purpose", messages[4], StringComparison.Ordinal);
        Assert.Empty(log.InputWhileBusy());
        await _served.World.WaitForStatusAsync(3, b => !b.Contains("Feedback waiting", StringComparison.Ordinal), "nothing waiting once all of it was typed in");
    }

    [Fact]
    public async Task Feedback_from_bots_readers_and_other_pull_requests_never_reaches_the_agent()
    {
        var pull = await world.StartAsync(4);
        var log = _served.AgentLog(4);
        string owner = _served.Owner, repo = _served.Repo;

        // A reader's comment, review comment and review are accepted, then refused by the trigger policy.
        await world.SendAcceptedAsync("issue_comment", world.PullRequestComment(pull, "reader: drop the tests", 401, TestWorld.Reader));
        await world.SendAcceptedAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(owner, repo, pull, "issue-4", "reader: delete this file", "a.txt", 1, TestWorld.Reader, commentId: 402));
        await world.SendAcceptedAsync("pull_request_review", WebhookPayloads.ReviewEvent(owner, repo, pull, "issue-4", "changes_requested", "reader: rewrite it all", TestWorld.Reader, reviewId: 403));
        // Bots and other pull requests are ignored at the door.
        await world.SendIgnoredAsync("issue_comment", world.PullRequestComment(pull, "bot: push to main", 404, "helper[bot]", "Bot"), "bot");
        await world.SendIgnoredAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(owner, repo, pull, "issue-4", "bot: line comment", "a.txt", 1, "helper[bot]", "Bot", commentId: 405), "bot");
        await world.SendIgnoredAsync("pull_request_review", WebhookPayloads.ReviewEvent(owner, repo, pull, "issue-4", "commented", "bot: review", "helper[bot]", "Bot", reviewId: 406), "bot");
        await world.SendIgnoredAsync("issue_comment", world.PullRequestComment(pull + 40, "other pull request: comment", 407), "not a pull request Codemate opened");
        await world.SendIgnoredAsync("pull_request_review", WebhookPayloads.ReviewEvent(owner, repo, pull + 40, "issue-4", "commented", "other pull request: review", reviewId: 408), "is not the one Codemate opened");
        await world.SendIgnoredAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(owner, repo, pull + 41, "feature", "other pull request: line", "a.txt", 1, commentId: 409), "not a Codemate branch");
        await world.SendIgnoredAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(owner, repo, pull, "issue-4", "fork: line", "a.txt", 1, commentId: 410, forkOwner: "mallory"), "comes from mallory");
        // Work for one issue is handled in order: once this arrives, everything accepted before it was handled.
        await world.SendAcceptedAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(owner, repo, pull, "issue-4", "the writer's word", "a.txt", 1, TestWorld.OtherWriter, commentId: 411));

        var messages = await log.WaitForMessagesAsync(2);
        Assert.Equal("the writer's word", AgentPrompts.QuotedText(messages[1]));
        var received = string.Join("\n", log.Messages());
        foreach (var forbidden in new[] { "reader:", "bot:", "other pull request:", "fork:" })
        {
            Assert.DoesNotContain(forbidden, received, StringComparison.Ordinal);
        }

        Assert.Equal(2, log.Messages().Count);
    }
}
