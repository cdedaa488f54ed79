using System.Net;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #6: what Codemate keeps in its state database survives the real <c>codemate serve</c> process being
/// stopped, killed and started again on the same file.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class DurableStateTests : IAsyncLifetime
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
    public async Task Comments_queued_behind_a_busy_agent_are_delivered_exactly_once_in_order_after_the_server_is_killed()
    {
        var log = _served.AgentLog(2);
        await _served.OpenIssueAsync(2, body: "Start, then wait. [[hold]]");
        await log.WaitForMessagesAsync(1);
        await _served.CommentAsync(2, "one", 201);
        await _served.CommentAsync(2, "two", 202);
        await _served.WaitForQueuedCommentsAsync(2, 2);
        // Accepted (202) but perhaps not yet handled when the process dies: it must resume from the store.
        Assert.Equal(HttpStatusCode.Accepted, (await _served.CommentAsync(2, "three", 203)).Status);

        await _served.KillAndRestartAsync();
        log.Release();
        await _served.CommentAsync(2, "four, sent after the restart", 204);

        var messages = await log.WaitForMessagesAsync(5);
        Assert.Equal(["one", "two", "three", "four, sent after the restart"], messages.Skip(1).Select(AgentPrompts.QuotedText));
        Assert.Empty(log.InputWhileBusy());
        await _served.WaitForQueuedCommentsAsync(2, 0);
        Assert.Equal(5, log.Messages().Count);
        Assert.Single(log.Entries(), e => e.Kind == "started");
    }

    [Fact]
    public async Task A_graceful_shutdown_leaves_the_agent_running_and_the_next_server_reattaches_to_it_instead_of_starting_another()
    {
        var log = _served.AgentLog(3);
        await _served.OpenIssueAsync(3);
        await log.WaitForMessagesAsync(1);

        Assert.Equal(0, await _served.Server.StopAsync());
        Assert.Equal(["claude-octo-app-3"], await _served.World.TmuxSessionsAsync());
        Assert.DoesNotContain(log.Entries(), e => e.Kind == "exit");

        await _served.RestartAsync();
        Assert.True((await _served.HealthSessionAsync(3))?.GetProperty("tmux_active").GetBoolean());
        await _served.CommentAsync(3, "Are you the same agent?", 301);

        Assert.Equal("Are you the same agent?", AgentPrompts.QuotedText((await log.WaitForMessagesAsync(2))[1]));
        Assert.Single(log.Entries(), e => e.Kind == "started");
        Assert.Equal(["claude-octo-app-3"], await _served.World.TmuxSessionsAsync());
        Assert.Single(_served.World.Remote.PullRequests);
    }

    [Fact]
    public async Task A_delivery_accepted_before_the_server_is_killed_is_a_duplicate_after_the_restart()
    {
        // From someone who may not trigger work: accepted and recorded, and nothing else happens.
        var body = WebhookPayloads.IssuesEvent("opened", "octo", "app", 5, author: TestWorld.Reader);
        Assert.Equal(HttpStatusCode.Accepted, (await _served.SendAsync("issues", body, "delivery-5")).Status);

        await _served.KillAndRestartAsync();
        var redelivered = await _served.SendAsync("issues", body, "delivery-5");
        var fresh = await _served.SendAsync("issues", body, "delivery-5-new");

        Assert.Equal((HttpStatusCode.OK, "duplicate"), (redelivered.Status, redelivered.Outcome));
        Assert.Equal((HttpStatusCode.Accepted, "accepted"), (fresh.Status, fresh.Outcome));
    }

    [Fact]
    public async Task Deliveries_of_the_same_new_issue_sent_at_once_make_one_workspace_one_pr_and_one_session()
    {
        _served.World.Remote.OpenIssue(4);
        var body = WebhookPayloads.IssuesEvent("opened", "octo", "app", 4, author: TestWorld.Writer);
        var answers = await Task.WhenAll(
            _served.SendAsync("issues", body, "delivery-a"),
            _served.SendAsync("issues", body, "delivery-b"),
            _served.SendAsync("issues", body, "delivery-a"));

        Assert.Equal(2, answers.Count(a => a is { Status: HttpStatusCode.Accepted, Outcome: "accepted" }));
        Assert.Single(answers, a => a is { Status: HttpStatusCode.OK, Outcome: "duplicate" });
        // Work for one issue runs in order, so once this comment arrives both deliveries have been handled.
        await _served.CommentAsync(4, "Only one of you, please.", 401);
        var log = _served.AgentLog(4);
        var messages = await log.WaitForMessagesAsync(2);
        await _served.WaitForQueuedCommentsAsync(4, 0);

        Assert.Equal(2, log.Messages().Count);
        Assert.Contains("octo/app#4", messages[0], StringComparison.Ordinal);
        Assert.Equal("Only one of you, please.", AgentPrompts.QuotedText(messages[1]));
        Assert.Single(log.Entries(), e => e.Kind == "started");
        Assert.Single(_served.World.Remote.PullRequests);
        Assert.Equal(["claude-octo-app-4"], await _served.World.TmuxSessionsAsync());
        Assert.Equal(["issue-4"], Directory.GetDirectories(Path.Combine(_served.World.WorkspacesRoot, "octo", "app")).Select(Path.GetFileName));
    }
}
