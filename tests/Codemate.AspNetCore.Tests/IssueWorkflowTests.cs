using System.Net;
using System.Text.Json;
using Codemate.State;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests;

/// <summary>The whole mission in one host: webhook → workspace → draft PR → agent in real tmux, against the GitHub double.</summary>
public sealed class IssueWorkflowTests : IAsyncLifetime
{
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private WebhookSender _github = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "hello.world");
        _host = await _world.StartHostAsync();
        _github = new WebhookSender(_host.Client, TestSettings.Secret);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task An_opened_issue_gets_a_branch_a_draft_pr_a_comment_and_an_agent_that_receives_the_issue()
    {
        await OpenIssueAsync(7, title: "Add a changelog", body: "Keep it short.");

        var messages = await _world.AgentLog(7).WaitForMessagesAsync(1);
        Assert.Contains("octo/hello.world#7", messages[0], StringComparison.Ordinal);
        Assert.Contains("Add a changelog", messages[0], StringComparison.Ordinal);
        Assert.Contains("Keep it short.", messages[0], StringComparison.Ordinal);
        Assert.Contains("Branch: issue-7", messages[0], StringComparison.Ordinal);

        var pr = Assert.Single(_world.Remote.PullRequests);
        Assert.True(pr.Draft);
        Assert.Equal("issue-7", pr.Head);
        Assert.Equal("main", pr.Base);
        Assert.Contains("Closes #7", pr.Body, StringComparison.Ordinal);
        Assert.Contains(pr.HtmlUrl, messages[0], StringComparison.Ordinal);
        Assert.NotNull(await _world.GitHub.GetBranchAsync("octo", "hello.world", "issue-7"));
        // The status comment is refreshed alongside the first delivery, so it may show the link a moment later.
        await _world.WaitForStatusAsync(7, body => body.Contains(pr.HtmlUrl, StringComparison.Ordinal), "the pull request's link");
        Assert.Contains(_world.Remote.Reactions, r => r.IssueNumber == 7 && r.Content == "eyes");
        Assert.True(await _world.IsTmuxSessionAliveAsync(7));

        var health = await GetHealthAsync();
        var session = health.GetProperty("active_sessions").GetProperty("octo/hello.world#7");
        Assert.Equal("claude-octo-hello_world-7", session.GetProperty("session_name").GetString());
        Assert.Equal("issue-7", session.GetProperty("branch").GetString());
        Assert.Equal(pr.HtmlUrl, session.GetProperty("pr_url").GetString());
        Assert.True(session.GetProperty("tmux_active").GetBoolean());
    }

    [Fact]
    public async Task Comments_reach_an_idle_agent_and_wait_in_order_while_it_is_busy()
    {
        await OpenIssueAsync(3, body: "Start, then wait. [[hold]]");
        var log = _world.AgentLog(3);
        await log.WaitForMessagesAsync(1);

        await CommentAsync(3, "first", 11);
        await CommentAsync(3, "second", 12);
        await CommentAsync(3, "third", 13);
        await Task.Delay(300);
        Assert.Single(log.Messages());
        Assert.Empty(log.InputWhileBusy());

        log.Release();
        var messages = await log.WaitForMessagesAsync(4);
        Assert.Equal(["first", "second", "third"], messages.Skip(1).Select(AgentPrompts.QuotedText));
        Assert.All(messages.Skip(1), m => Assert.StartsWith("New comment on the issue from @bob", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Commits_the_agent_leaves_unpushed_reach_the_remote_branch_when_it_goes_idle()
    {
        await OpenIssueAsync(4);
        var log = _world.AgentLog(4);
        await log.WaitForMessagesAsync(1);

        await CommentAsync(4, "Please add notes. [[commit NOTES.md]]", 21);

        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "committed"), what: "the agent's commit");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<Codemate.Testing.GitHubDouble.GitCommitRecord> commits;
        do
        {
            await Task.Delay(100);
            commits = await _world.GitHub.GetCommitsAsync("octo", "hello.world", "issue-4");
        }
        while (!commits.Any(c => c.Subject == "Add NOTES.md") && DateTime.UtcNow < deadline);
        Assert.Contains(commits, c => c.Subject == "Add NOTES.md");
    }

    [Fact]
    public async Task Closing_the_issue_ends_its_session_and_keeps_the_workspace()
    {
        await OpenIssueAsync(5);
        await _world.AgentLog(5).WaitForMessagesAsync(1);

        using var closed = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("closed", "octo", "hello.world", 5));
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);

        await Eventually.WaitAsync(async () => !await _world.IsTmuxSessionAliveAsync(5), "the session to end");
        var record = await _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(5), default);
        Assert.Equal(SessionState.Stopped, record!.State);
        Assert.True(Directory.Exists(record.Workspace));
        Assert.False((await GetHealthAsync()).GetProperty("active_sessions").TryGetProperty("octo/hello.world#5", out _));
    }

    [Fact]
    public async Task A_killed_session_is_restarted_by_the_next_comment_with_the_issue_and_the_comment()
    {
        await OpenIssueAsync(6);
        await _world.AgentLog(6).WaitForMessagesAsync(1);
        await _world.Tmux.KillSessionAsync("claude-octo-hello_world-6");

        await CommentAsync(6, "Are you still there?", 31);

        var messages = await _world.AgentLog(6).WaitForMessagesAsync(3);
        Assert.Contains("octo/hello.world#6", messages[1], StringComparison.Ordinal);
        Assert.Equal("Are you still there?", AgentPrompts.QuotedText(messages[2]));
        Assert.Single(_world.Remote.PullRequests);
    }

    [Fact]
    public async Task Two_deliveries_of_the_same_new_issue_make_one_pr_and_one_session()
    {
        _world.Remote.OpenIssue(8);
        var body = WebhookPayloads.IssuesEvent("opened", "octo", "hello.world", 8, author: TestWorld.Writer);
        var first = _github.SendAsync("issues", body, "delivery-a");
        var second = _github.SendAsync("issues", body, "delivery-b");
        (await first).Dispose();
        (await second).Dispose();

        await _world.AgentLog(8).WaitForMessagesAsync(1);
        await Task.Delay(500);
        Assert.Single(_world.Remote.PullRequests);
        Assert.Single(_world.AgentLog(8).Messages());
        Assert.Single(_world.Remote.Comments, c => c.IssueNumber == 8);
    }

    [Fact]
    public async Task A_draft_pull_request_GitHub_refuses_fails_the_issue_and_stops_the_agent_started_beside_it()
    {
        _world.GitHub.FailNext(1, DoubleFailure.ValidationFailed(), "POST", "/pulls");

        await OpenIssueAsync(9);

        var store = _host.GetRequiredService<IStateStore>();
        await Eventually.WaitAsync(async () => (await store.GetSessionAsync(_world.Issue(9), default))?.State == SessionState.Failed, "the issue to fail");
        var record = await store.GetSessionAsync(_world.Issue(9), default);
        Assert.StartsWith("Codemate could not prepare the workspace and draft pull request (GitHub answered 422).", record!.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("Validation Failed", record.LastError, StringComparison.Ordinal);
        Assert.Contains("Validation Failed", record.ErrorDetail, StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => !await _world.IsTmuxSessionAliveAsync(9), "the agent to be stopped");
        Assert.Empty(_world.Remote.PullRequests);
        Assert.Empty(_world.AgentLog(9).Messages());
    }

    [Fact]
    public async Task An_issue_from_someone_without_write_permission_starts_nothing()
    {
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "hello.world", 9, author: TestWorld.Reader));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await Eventually.WaitAsync(async () => (await _host.GetRequiredService<IStateStore>().GetPendingWorkAsync(default)).Count == 0, "the event to be handled");
        Assert.Empty(_world.Remote.PullRequests);
        Assert.False(await _world.IsTmuxSessionAliveAsync(9));
    }

    private async Task OpenIssueAsync(int number, string title = "Fix the thing", string body = "It is broken.")
    {
        _world.Remote.OpenIssue(number, title, body);
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "hello.world", number, title, body, TestWorld.Writer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task CommentAsync(int number, string text, long id)
    {
        using var response = await _github.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "octo", "hello.world", number, text, TestWorld.OtherWriter, commentId: id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonElement> GetHealthAsync()
    {
        using var response = await _host.Client.GetAsync("/health");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
