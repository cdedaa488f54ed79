using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #19 through the real <c>codemate serve</c>: with its default sandbox a hostile agent reaches nothing of
/// Codemate's or of another issue's (another session's tmux server included), its detached child ends with its
/// session, and its legitimate commit still reaches <c>issue-N</c>; without it, the agent's <c>$TMUX</c> still leads
/// to its own session's server only.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ContainmentTests : IAsyncLifetime
{
    private const int Victim = 2;

    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "contained");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_hostile_agent_in_the_default_sandbox_reaches_nothing_and_its_commit_is_still_pushed()
    {
        var other = Directory.CreateDirectory(Path.Combine(_world.WorkspacesRoot, "octo", "other", "issue-9")).FullName;
        await File.WriteAllTextAsync(Path.Combine(other, "secret.txt"), "another issue's work");
        var id = Guid.NewGuid().ToString("N")[..12];
        await using var server = await ServeHostileAsync(id, Path.Combine(other, "secret.txt"), s =>
        {
            s.Remove(EnvironmentVariables.Sandbox);
            s["CLOUDFLARE_TUNNEL_TOKEN"] = "tunnel-token-value-0123";
        });

        var findings = await RunHostileAgentAsync(server);
        foreach (var probe in new[] { "state", "other-worktree", "mirror", "tmux-own", "server-environ", "kill-server", "env-secret" }.Concat(HostileAgent.OtherSessionTmuxProbes))
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
        // Its tmux server went with it; the other session's runs on.
        await Eventually.WaitAsync(() => !File.Exists(_world.Tmux.SocketPath(SessionNames.For(_world.Issue(1)))), "the session's tmux socket to go with its server");
        Assert.True(await _world.IsTmuxSessionAliveAsync(Victim));
    }

    [Fact]
    public async Task Without_the_sandbox_the_agents_TMUX_leads_to_its_own_session_only()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        await using var server = await ServeHostileAsync(id, Path.Combine(_world.WorkspacesRoot, "missing.txt"), s => s[EnvironmentVariables.Sandbox] = SandboxModes.None);

        var findings = await RunHostileAgentAsync(server);

        Assert.Equal("reached", findings["tmux-own"]);
        Assert.Equal("blocked", findings["tmux-own-other"]);
        // The same Unix user can open any socket its user can: without the sandbox this is no boundary (docs/security.md).
        Assert.Equal("reached", findings["tmux-other-list"]);
        Assert.Equal("reached", findings["commit"]);
        await CliWrap.Cli.Wrap("pkill").WithArguments(["-f", HostileAgent.EscapeeMarker(id)]).WithValidation(CliWrap.CommandResultValidation.None).ExecuteAsync();
    }

    /// <summary>Serves the hostile agent for every session; the victim's session runs it as a quiet agent.</summary>
    private async Task<ServeProcess> ServeHostileAsync(string id, string otherWorktreeFile, Action<Dictionary<string, string?>> adjust)
    {
        var settings = _world.Settings();
        var victim = SessionNames.For(_world.Issue(Victim));
        var targets = new HostileTargets(
            settings[EnvironmentVariables.StatePath]!,
            otherWorktreeFile,
            Path.Combine(_world.WorkspacesRoot, ".mirrors", "octo", "contained.git", "HEAD"),
            victim,
            _world.Tmux.SocketPath(victim),
            // The test process stands for the server's others: serve's own id is not known before it starts.
            ServerProcessId: Environment.ProcessId,
            SecretVariable: "CLOUDFLARE_TUNNEL_TOKEN");
        return await _world.ServeAsync(s =>
        {
            adjust(s);
            s[EnvironmentVariables.AgentCommand] = HostileAgent.CommandLine(targets, id);
        });
    }

    /// <summary>Opens the victim's issue, then the hostile agent's once the victim's session runs, and reads its report.</summary>
    private async Task<IReadOnlyDictionary<string, string>> RunHostileAgentAsync(ServeProcess server)
    {
        _world.Remote.OpenIssue(Victim, "Be quiet", "Be quiet.", TestWorld.Writer);
        using (var opened = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "contained", Victim, "Be quiet", "Be quiet.", TestWorld.Writer)))
        {
            opened.EnsureSuccessStatusCode();
        }

        await Eventually.WaitAsync(() => _world.IsTmuxSessionAliveAsync(Victim), "the victim's session");
        _world.Remote.OpenIssue(1, "Do it", "Do it.", TestWorld.Writer);
        using (var opened = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "contained", 1, "Do it", "Do it.", TestWorld.Writer)))
        {
            opened.EnsureSuccessStatusCode();
        }

        return await HostileAgent.ReadReportAsync(Path.Combine(_world.WorkspacesRoot, "octo", "contained", "issue-1"));
    }
}
