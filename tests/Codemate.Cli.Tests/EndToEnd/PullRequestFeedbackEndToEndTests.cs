using System.Net;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #22 against the real <c>codemate serve</c> process: feedback on Codemate's own pull request reaches the
/// running agent, a failed check once however often GitHub reports it, and a review-thread reply survives a restart.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class PullRequestFeedbackEndToEndTests : IAsyncLifetime
{
    private ServedWorld _served = null!;

    public async Task InitializeAsync() => _served = await ServedWorld.StartAsync();

    public async Task DisposeAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_review_comment_and_a_failed_check_delivered_twice_reach_the_running_agent_once_each()
    {
        var pull = await StartAsync(1);
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
        var pull = await StartAsync(2);
        var log = _served.AgentLog(2);
        var remote = _served.World.Remote;
        var github = _served.World.GitHub;
        var comments = $"/pulls/{pull}/comments";
        github.FailNext(1, DoubleFailure.ValidationFailed(), "POST", comments);

        await _served.SendAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            _served.Owner, _served.Repo, pull, "issue-2", "Rename this. [[commit rename.txt]]", "a.txt", line: 1, commentId: 211));
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "committed"), what: "the agent's commit");
        await Eventually.WaitAsync(() => github.Calls.Any(c => c.Method == "POST" && c.PathAndQuery.EndsWith(comments, StringComparison.Ordinal)), "the refused reply");
        Assert.Empty(remote.ReviewComments);

        await _served.RestartAsync();

        await Eventually.WaitAsync(() => remote.ReviewComments.Any(c => c.InReplyTo == 211), "the reply in thread 211 after the restart");
        var reply = Assert.Single(remote.ReviewComments);
        Assert.Contains("`Add rename.txt`", reply.Body, StringComparison.Ordinal);
        // Recorded before the restart, so it may have been posted: the thread was looked at first.
        Assert.Contains(github.Calls, c => c.Method == "GET" && c.PathAndQuery.EndsWith(comments, StringComparison.Ordinal));
        // A later round finds nothing left to post: still one reply after the next comment is handled.
        await _served.CommentAsync(pull, "Thanks.", 212, onPullRequest: true);
        await log.WaitForMessagesAsync(3);
        Assert.Single(remote.ReviewComments);
    }

    private async Task<int> StartAsync(int issue)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _served.OpenIssueAsync(issue)).Status);
        await _served.AgentLog(issue).WaitForMessagesAsync(1);
        return Assert.Single(_served.World.Remote.PullRequests, pr => pr.Head == $"issue-{issue}").Number;
    }
}
