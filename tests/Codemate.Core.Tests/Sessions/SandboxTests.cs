using CliWrap;
using CliWrap.Buffered;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Agents;

namespace Codemate.Core.Tests.Sessions;

/// <summary>
/// GitHub issue #19: a hostile agent in the bubblewrap sandbox (real bwrap, real tmux) tries what a prompt-injected
/// agent would, and reports what it reached into its own worktree, the one place it may write.
/// </summary>
public sealed class SandboxTests
{
    [Fact]
    public async Task A_sandboxed_agent_reaches_no_state_other_worktree_mirror_tmux_or_server_process_but_commits_in_its_own()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var (context, workspace, marker) = await PrepareHostileAgentAsync(harness, SandboxModes.Bubblewrap);

        await harness.Supervisor.StartSessionAsync(context, CancellationToken.None);

        var findings = await HostileAgent.ReadReportAsync(workspace);
        Assert.Equal("blocked", findings["state"]);
        Assert.Equal("blocked", findings["other-worktree"]);
        Assert.Equal("blocked", findings["mirror"]);
        // Not even its own server: tmux runs outside the sandbox and would run whatever the agent asked of it.
        Assert.Equal("blocked", findings["tmux-own"]);
        Assert.All(HostileAgent.OtherSessionTmuxProbes, probe => Assert.Equal("blocked", findings[probe]));
        Assert.Equal("blocked", findings["server-environ"]);
        Assert.Equal("blocked", findings["kill-server"]);
        Assert.Equal("reached", findings["commit"]);
        Assert.True(int.Parse(findings["processes"], System.Globalization.CultureInfo.InvariantCulture) < 10, $"the agent saw {findings["processes"]} processes");
        Assert.NotEqual("0", findings["uid"]);
        await Eventually.WaitAsync(() => harness.Supervisor.GetStatus(context.Issue) == AgentStatus.Idle, "the agent's idle through its status file");
        Assert.True(await HostileAgent.IsRunningAsync(marker), "the detached child should run until the session stops");

        await harness.Supervisor.StopSessionAsync(context.Issue, CancellationToken.None);

        await Eventually.WaitAsync(async () => !await HostileAgent.IsRunningAsync(marker), "the detached child to end with its session");
    }

    [Fact]
    public async Task Without_the_sandbox_the_same_agent_reaches_Codemate_state_and_its_detached_child_outlives_the_session()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var (context, workspace, marker) = await PrepareHostileAgentAsync(harness, SandboxModes.None);

        await harness.Supervisor.StartSessionAsync(context, CancellationToken.None);

        var findings = await HostileAgent.ReadReportAsync(workspace);
        Assert.Equal("reached", findings["state"]);
        Assert.Equal("reached", findings["other-worktree"]);
        // Its own tmux server only, through $TMUX; the same user can still open another session's socket.
        Assert.Equal("reached", findings["tmux-own"]);
        Assert.Equal("blocked", findings["tmux-own-other"]);
        Assert.Equal("reached", findings["tmux-other-list"]);
        await harness.Supervisor.StopSessionAsync(context.Issue, CancellationToken.None);
        Assert.True(await HostileAgent.IsRunningAsync(marker));
        await Cli.Wrap("pkill").WithArguments(["-f", marker]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task An_agent_program_installed_below_a_hidden_directory_still_runs_in_the_sandbox()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        harness.AgentOptions.Sandbox = SandboxModes.Bubblewrap;
        // As npm installs one: a name in a bin folder linking to the program in its package, all below /tmp.
        var package = Directory.CreateDirectory(harness.Temp.Combine("npm", "lib", "agent", "bin")).FullName;
        var program = Path.Combine(package, "agent.sh");
        await File.WriteAllTextAsync(program, "#!/bin/sh\nprintf ran > ran.txt\nexec sleep 600\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var bin = Directory.CreateDirectory(harness.Temp.Combine("npm", "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "agent"), program);
        var supervisor = harness.NewSupervisor(agentProfile: new FixedProfile([Path.Combine(bin, "agent"), "--unattended"]));
        var context = await harness.ContextAsync(SessionHarness.Issue("o", "r", 1));

        await supervisor.StartSessionAsync(context, CancellationToken.None);

        await Eventually.WaitAsync(() => File.Exists(Path.Combine(context.Workspace, "ran.txt")), "the program to run", TimeSpan.FromSeconds(20));
    }

    private static async Task<(SessionContext Context, string Workspace, string Marker)> PrepareHostileAgentAsync(SessionHarness harness, string sandbox)
    {
        var context = await harness.ContextAsync(SessionHarness.Issue("o", "r", 1));
        var other = await harness.ContextAsync(SessionHarness.Issue("o", "r", 2));
        // Another session with a server of its own, as Codemate runs every session.
        await harness.Host.StartAsync(new SessionLaunch(other.SessionName, other.Workspace, ["sleep", "600"], new Dictionary<string, string>()), CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(other.Workspace, "secret.txt"), "another issue's work");
        var mirror = Directory.CreateDirectory(harness.Temp.Combine("workspaces", ".mirrors", "o", "r.git")).FullName;
        await File.WriteAllTextAsync(Path.Combine(mirror, "HEAD"), "ref: refs/heads/main\n");
        var id = Guid.NewGuid().ToString("N")[..12];
        harness.AgentOptions.Sandbox = sandbox;
        harness.AgentOptions.Command = HostileAgent.CommandLine(
            new HostileTargets(harness.CodemateOptions.ResolvedStatePath, Path.Combine(other.Workspace, "secret.txt"), Path.Combine(mirror, "HEAD"), other.SessionName, harness.Tmux.SocketPath(other.SessionName), Environment.ProcessId, "CODEMATE_TEST_NOT_SET"),
            id);
        await harness.Supervisor.EnqueueAsync(context.Issue, "the task", CancellationToken.None);
        return (context, context.Workspace, HostileAgent.EscapeeMarker(id));
    }

    private sealed class FixedProfile(IReadOnlyList<string> command) : IAgentProfile
    {
        public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new SessionLaunch(context.SessionName, context.Session.Workspace, command, SessionEnvironment.For(context)));
    }
}
