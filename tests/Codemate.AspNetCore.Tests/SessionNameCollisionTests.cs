using System.Net;
using System.Text.Json;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests;

/// <summary>
/// Issue #21: <c>a-b/c#1</c> and <c>a/b-c#1</c> share the original's session name <c>claude-a-b-c-1</c>. Each gets its
/// own tmux session, its own agent and its own prompt, and stopping one leaves the other running.
/// </summary>
public sealed class SessionNameCollisionTests
{
    [Fact]
    public async Task Two_repositories_with_colliding_session_names_get_two_sessions()
    {
        await using var world = await TestWorld.CreateAsync("a-b", "c");
        await world.GitHub.CreateRepositoryAsync("a", "b-c", new Dictionary<string, string> { ["README.md"] = "# b-c\n" });
        var other = world.GitHub.AddRepository("a", "b-c");
        other.SetPermission(TestWorld.Writer, "write");
        await using var host = await world.StartHostAsync();
        var github = new WebhookSender(host.Client, TestSettings.Secret);
        var otherIssue = new IssueKey(RepositoryName.Create("a", "b-c"), 1);

        world.Remote.OpenIssue(1, "First repository's issue", "Fix c.", TestWorld.Writer);
        await SendAsync(github, WebhookPayloads.IssuesEvent("opened", "a-b", "c", 1, "First repository's issue", "Fix c.", TestWorld.Writer));
        Assert.Contains("a-b/c#1", (await world.AgentLog(1).WaitForMessagesAsync(1))[0], StringComparison.Ordinal);
        other.OpenIssue(1, "Second repository's issue", "Fix b-c.", TestWorld.Writer);
        await SendAsync(github, WebhookPayloads.IssuesEvent("opened", "a", "b-c", 1, "Second repository's issue", "Fix b-c.", TestWorld.Writer));
        var otherLog = new ScriptedAgentLog(world.AgentLogs, SessionNames.Disambiguated(otherIssue));
        Assert.Contains("a/b-c#1", (await otherLog.WaitForMessagesAsync(1))[0], StringComparison.Ordinal);

        using (var health = await host.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            var sessions = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("active_sessions");
            Assert.Equal("claude-a-b-c-1", sessions.GetProperty("a-b/c#1").GetProperty("session_name").GetString());
            Assert.Equal(SessionNames.Disambiguated(otherIssue), sessions.GetProperty("a/b-c#1").GetProperty("session_name").GetString());
        }

        await SendAsync(github, WebhookPayloads.IssuesEvent("closed", "a", "b-c", 1));
        await Eventually.WaitAsync(async () => !(await world.TmuxSessionsAsync()).Contains(SessionNames.Disambiguated(otherIssue)), "the second repository's session to stop");

        Assert.True(await world.IsTmuxSessionAliveAsync(1));
        Assert.Single(world.AgentLog(1).Messages());
        Assert.Single(otherLog.Messages());
    }

    private static async Task SendAsync(WebhookSender github, string payload)
    {
        using var response = await github.SendAsync("issues", payload);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
