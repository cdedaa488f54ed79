using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #19 through the real <c>codemate serve</c> with its default sandbox: a hostile agent reaches nothing
/// of Codemate's or of another issue's, its detached child ends with its session, and its legitimate commit still
/// reaches <c>issue-N</c>.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ContainmentTests : IAsyncLifetime
{
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "contained");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_hostile_agent_in_the_default_sandbox_reaches_nothing_and_its_commit_is_still_pushed()
    {
        var other = Directory.CreateDirectory(Path.Combine(_world.WorkspacesRoot, "octo", "other", "issue-9")).FullName;
        await File.WriteAllTextAsync(Path.Combine(other, "secret.txt"), "another issue's work");
        var id = Guid.NewGuid().ToString("N")[..12];
        var settings = _world.Settings();
        var targets = new HostileTargets(
            settings[EnvironmentVariables.StatePath]!,
            Path.Combine(other, "secret.txt"),
            Path.Combine(_world.WorkspacesRoot, ".mirrors", "octo", "contained.git", "HEAD"),
            _world.Tmux.SocketPath,
            ServerProcessId: 0,
            SecretVariable: "CLOUDFLARE_TUNNEL_TOKEN");
        await using var server = await _world.ServeAsync(s =>
        {
            s.Remove(EnvironmentVariables.Sandbox);
            s["CLOUDFLARE_TUNNEL_TOKEN"] = "tunnel-token-value-0123";
            // The test process stands for the server's others: serve's own id is not known before it starts.
            s[EnvironmentVariables.AgentCommand] = HostileAgent.CommandLine(targets with { ServerProcessId = Environment.ProcessId }, id);
        });

        _world.Remote.OpenIssue(1, "Do it", "Do it.", TestWorld.Writer);
        using var opened = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "contained", 1, "Do it", "Do it.", TestWorld.Writer));
        opened.EnsureSuccessStatusCode();

        var findings = await HostileAgent.ReadReportAsync(Path.Combine(_world.WorkspacesRoot, "octo", "contained", "issue-1"));
        foreach (var probe in new[] { "state", "other-worktree", "mirror", "tmux", "server-environ", "kill-server", "env-secret" })
        {
            Assert.True(findings[probe] == "blocked", $"the hostile agent reached {probe}:\n{server.Output}");
        }

        Assert.True(findings["commit"] == "reached", File.ReadAllText(Path.Combine(_world.WorkspacesRoot, "octo", "contained", "issue-1", "probe.err")));
        Assert.NotEqual("0", findings["uid"]);
        await Eventually.WaitAsync(
            async () => await _world.GitHub.GetBranchAsync("octo", "contained", "issue-1") is not null
                && (await _world.GitHub.GetCommitsAsync("octo", "contained", "issue-1")).Any(c => c.Subject == HostileAgent.CommitSubject),
            "the agent's commit on issue-1");
        Assert.True(await HostileAgent.IsRunningAsync(HostileAgent.EscapeeMarker(id)));

        using var closed = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("closed", "octo", "contained", 1, author: TestWorld.Writer));
        closed.EnsureSuccessStatusCode();

        await Eventually.WaitAsync(async () => !await HostileAgent.IsRunningAsync(HostileAgent.EscapeeMarker(id)), "the detached child to end with the session");
    }
}
