using System.Net;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #8: the whole story against the real <c>codemate serve</c> process, the GitHub double (API and git
/// over smart HTTP) and the scripted agent in real tmux, driven only by signed webhooks as GitHub sends them.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class FullFlowTests : IAsyncLifetime
{
    private const int Issue = 1;
    private const string Session = "claude-octo-app-1";
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
    public async Task An_issue_is_worked_on_from_opened_to_closed_by_the_real_server_across_a_restart()
    {
        var log = _served.AgentLog(Issue);
        var remote = _served.World.Remote;

        // Opened: a branch on the remote, a draft PR that closes the issue, a tmux session whose agent got the issue.
        var opened = await _served.OpenIssueAsync(Issue, "Add a changelog", "Keep it short.");
        Assert.Equal((HttpStatusCode.Accepted, "accepted"), (opened.Status, opened.Outcome));
        var issuePrompt = (await log.WaitForMessagesAsync(1))[0];
        Assert.Contains("octo/app#1", issuePrompt, StringComparison.Ordinal);
        Assert.Contains("Add a changelog", issuePrompt, StringComparison.Ordinal);
        Assert.Contains("Keep it short.", issuePrompt, StringComparison.Ordinal);
        Assert.NotNull(await _served.World.GitHub.GetBranchAsync("octo", "app", "issue-1"));
        var pr = Assert.Single(remote.PullRequests);
        Assert.True(pr.Draft);
        Assert.Equal(("issue-1", "main"), (pr.Head, pr.Base));
        Assert.Contains("Closes #1", pr.Body, StringComparison.Ordinal);
        Assert.Contains(pr.HtmlUrl, issuePrompt, StringComparison.Ordinal);
        Assert.Equal([Session], await _served.World.TmuxSessionsAsync());

        // A comment reaches the idle agent.
        Assert.Equal(HttpStatusCode.Accepted, (await _served.CommentAsync(Issue, "Mention the licence too.", 101)).Status);
        var comment = (await log.WaitForMessagesAsync(2))[1];
        Assert.StartsWith("New comment on the issue from @bob", comment, StringComparison.Ordinal);
        Assert.Equal("Mention the licence too.", AgentPrompts.QuotedText(comment));

        // While the agent is busy, comments wait in order; a bot's comment and a PR comment are not for it at all.
        await _served.CommentAsync(Issue, "Think it over. [[hold]]", 102);
        await log.WaitForMessagesAsync(3);
        await _served.CommentAsync(Issue, "first while busy", 103);
        await _served.CommentAsync(Issue, "second while busy", 104);
        var bot = await _served.CommentAsync(Issue, "bot noise", 105, commenter: "dependabot[bot]", commenterType: "Bot");
        var onPullRequest = await _served.CommentAsync(Issue, "review noise", 106, onPullRequest: true);
        Assert.Equal((HttpStatusCode.OK, "ignored"), (bot.Status, bot.Outcome));
        Assert.Equal((HttpStatusCode.OK, "ignored"), (onPullRequest.Status, onPullRequest.Outcome));
        await _served.WaitForQueuedCommentsAsync(Issue, 2);
        Assert.Equal(3, log.Messages().Count);
        log.Release();
        var afterHold = await log.WaitForMessagesAsync(5);
        Assert.Equal(["first while busy", "second while busy"], afterHold.Skip(3).Select(AgentPrompts.QuotedText));
        Assert.Empty(log.InputWhileBusy());

        // The agent commits; the commit reaches the remote branch.
        await _served.CommentAsync(Issue, "Write it down. [[commit NOTES.md]]", 107);
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "committed"), what: "the agent's commit");
        await Eventually.WaitAsync(
            async () => (await _served.World.GitHub.GetCommitsAsync("octo", "app", "issue-1")).Any(c => c.Subject == "Add NOTES.md"),
            "the agent's commit on the remote branch issue-1");

        // /health shows the session.
        var health = await _served.HealthSessionAsync(Issue);
        Assert.NotNull(health);
        Assert.Equal(Session, health.Value.GetProperty("session_name").GetString());
        Assert.Equal("issue-1", health.Value.GetProperty("branch").GetString());
        Assert.Equal(pr.HtmlUrl, health.Value.GetProperty("pr_url").GetString());
        Assert.True(health.Value.GetProperty("tmux_active").GetBoolean());

        // A graceful restart loses nothing: same session, same agent, same PR.
        await _served.RestartAsync();
        var afterRestart = await _served.HealthSessionAsync(Issue);
        Assert.NotNull(afterRestart);
        Assert.True(afterRestart.Value.GetProperty("tmux_active").GetBoolean());
        Assert.Equal(pr.HtmlUrl, afterRestart.Value.GetProperty("pr_url").GetString());
        await _served.CommentAsync(Issue, "Still with me?", 108);
        Assert.Equal("Still with me?", AgentPrompts.QuotedText((await log.WaitForMessagesAsync(7))[6]));
        Assert.Single(log.Entries(), e => e.Kind == "started");
        Assert.Equal([Session], await _served.World.TmuxSessionsAsync());
        Assert.Single(remote.PullRequests);

        // Closed: the session ends.
        Assert.Equal(HttpStatusCode.Accepted, (await _served.CloseIssueAsync(Issue)).Status);
        await Eventually.WaitAsync(async () => !await _served.World.IsTmuxSessionAliveAsync(Issue), "the session to end");
        await Eventually.WaitAsync(async () => await _served.HealthSessionAsync(Issue) is null, "/health to drop the session");

        Assert.DoesNotContain(log.Messages(), m => m.Contains("noise", StringComparison.Ordinal));
        Assert.Equal(7, log.Messages().Count);
    }
}
