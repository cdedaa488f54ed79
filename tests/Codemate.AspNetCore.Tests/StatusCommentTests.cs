using System.Net;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests;

/// <summary>The person who filed the issue always knows where it stands: one living status comment, commands, clean-up.</summary>
public sealed class StatusCommentTests : IAsyncLifetime
{
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private WebhookSender _github = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "status");
        _host = await _world.StartHostAsync(s => s[EnvironmentVariables.ReadyForReview] = "true");
        _github = new WebhookSender(_host.Client, TestSettings.Secret);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_full_run_edits_one_status_comment_that_ends_done_with_the_pull_request_marked_ready_for_review()
    {
        await OpenIssueAsync(1, "Add notes, then finish. [[commit NOTES.md]] [[exit]]");

        var status = await _world.WaitForStatusAsync(1, b => b.Contains("Done", StringComparison.Ordinal) && b.Contains("ready for review", StringComparison.Ordinal), "done and ready for review", TimeSpan.FromSeconds(40));

        var pr = Assert.Single(_world.Remote.PullRequests);
        Assert.Contains(pr.HtmlUrl, status.Body, StringComparison.Ordinal);
        Assert.Contains("`issue-1`", status.Body, StringComparison.Ordinal);
        Assert.Contains("Commits pushed: 1", status.Body, StringComparison.Ordinal);
        Assert.Contains("ready for review", status.Body, StringComparison.Ordinal);
        Assert.False(pr.Draft);
        Assert.Contains(_world.Remote.Reactions, r => r.IssueNumber == 1 && r.Content == "eyes");
        Assert.Contains(_world.GitHub.Calls, c => c.Method == "PATCH" && c.PathAndQuery.Contains($"/issues/comments/{status.Id}", StringComparison.Ordinal));
        Assert.Single(_world.Remote.Comments, c => c.IssueNumber == 1);
    }

    [Fact]
    public async Task A_run_that_ends_without_commits_says_so_and_leaves_the_pull_request_a_draft()
    {
        await OpenIssueAsync(2, "Just answer: what is 6 times 7? [[exit]]");

        var status = await _world.WaitForStatusAsync(2, b => b.Contains("Done", StringComparison.Ordinal), "done", TimeSpan.FromSeconds(40));

        Assert.Contains("made no commits", status.Body, StringComparison.Ordinal);
        Assert.True(Assert.Single(_world.Remote.PullRequests).Draft);
    }

    [Fact]
    public async Task Stop_ends_the_session_and_retry_starts_a_fresh_one_in_the_same_workspace_and_neither_reaches_the_agent()
    {
        await OpenIssueAsync(3);
        var log = _world.AgentLog(3);
        await log.WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(3, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting");
        var workspace = (await Record(3))!.Workspace;

        await CommentAsync(3, "/codemate stop", 41);
        var stopped = await _world.WaitForStatusAsync(3, b => b.Contains("Stopped", StringComparison.Ordinal), "stopped");
        Assert.Contains("@bob asked to stop", stopped.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(3));

        await CommentAsync(3, "/codemate retry", 42);
        var messages = await log.WaitForMessagesAsync(2);
        Assert.Contains("octo/status#3", messages[1], StringComparison.Ordinal);
        await _world.WaitForStatusAsync(3, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting again");
        Assert.True(await _world.IsTmuxSessionAliveAsync(3));
        Assert.Equal(workspace, (await Record(3))!.Workspace);
        Assert.DoesNotContain(log.Messages(), m => m.Contains("/codemate", StringComparison.Ordinal));
        Assert.Single(_world.Remote.PullRequests);
    }

    [Fact]
    public async Task Status_refreshes_the_comment_and_an_unknown_command_is_answered_there_not_by_the_agent()
    {
        await OpenIssueAsync(4);
        var log = _world.AgentLog(4);
        await log.WaitForMessagesAsync(1);
        var comment = await _world.WaitForStatusAsync(4, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting");
        var edits = Edits(comment.Id);

        await CommentAsync(4, "/codemate status", 51);
        await Eventually.WaitAsync(() => Task.FromResult(Edits(comment.Id) > edits), "the status comment to be refreshed");

        await CommentAsync(4, "/codemate dance", 52);
        await _world.WaitForStatusAsync(4, b => b.Contains("`/codemate dance` is not a command", StringComparison.Ordinal), "the unknown command's answer");
        await Task.Delay(300);
        Assert.Single(log.Messages());
    }

    [Fact]
    public async Task Closing_stops_reopening_resumes_and_merging_the_pull_request_stops_again()
    {
        await OpenIssueAsync(5);
        await _world.AgentLog(5).WaitForMessagesAsync(1);

        _world.Remote.EditIssue(5, i => i with { State = "closed" });
        await SendAsync("issues", WebhookPayloads.IssuesEvent("closed", "octo", "status", 5, author: TestWorld.Writer));
        await _world.WaitForStatusAsync(5, b => b.Contains("Stopped", StringComparison.Ordinal) && b.Contains("the issue was closed", StringComparison.Ordinal), "closed");
        Assert.False(await _world.IsTmuxSessionAliveAsync(5));
        Assert.NotNull((await Record(5))!.ClosedAt);

        _world.Remote.EditIssue(5, i => i with { State = "open" });
        await SendAsync("issues", WebhookPayloads.IssuesEvent("reopened", "octo", "status", 5, author: TestWorld.Writer));
        await _world.AgentLog(5).WaitForMessagesAsync(2);
        await _world.WaitForStatusAsync(5, b => b.Contains("Waiting for input", StringComparison.Ordinal), "resumed");
        Assert.Null((await Record(5))!.ClosedAt);

        var pr = Assert.Single(_world.Remote.PullRequests);
        await SendAsync("pull_request", WebhookPayloads.PullRequestEvent("closed", "octo", "status", pr.Number, "issue-5", merged: true));
        await _world.WaitForStatusAsync(5, b => b.Contains("Stopped", StringComparison.Ordinal) && b.Contains("the pull request was merged", StringComparison.Ordinal), "merged");
        Assert.False(await _world.IsTmuxSessionAliveAsync(5));
        Assert.Single(_world.CodemateComments(5));
    }

    private int Edits(long commentId) =>
        _world.GitHub.Calls.Count(c => c.Method == "PATCH" && c.PathAndQuery.Contains($"/issues/comments/{commentId}", StringComparison.Ordinal));

    private Task<SessionRecord?> Record(int number) => _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(number), default);

    private Task OpenIssueAsync(int number, string body = "It is broken.")
    {
        _world.Remote.OpenIssue(number, body: body);
        return SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "status", number, "Fix the thing", body, TestWorld.Writer));
    }

    private Task CommentAsync(int number, string text, long id) =>
        SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "octo", "status", number, text, TestWorld.OtherWriter, commentId: id));

    private async Task SendAsync(string eventName, string payload)
    {
        using var response = await _github.SendAsync(eventName, payload);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{eventName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
