using CliWrap;
using CliWrap.Buffered;
using Codemate.Sessions;
using Codemate.Testing;

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
        var (context, report, marker) = await PrepareHostileAgentAsync(harness, SandboxModes.Bubblewrap);

        await harness.Supervisor.StartSessionAsync(context, CancellationToken.None);

        var findings = await ReportAsync(report);
        Assert.Equal("blocked", findings["state"]);
        Assert.Equal("blocked", findings["other-worktree"]);
        Assert.Equal("blocked", findings["mirror"]);
        Assert.Equal("blocked", findings["tmux"]);
        Assert.Equal("blocked", findings["server-environ"]);
        Assert.Equal("blocked", findings["kill-server"]);
        Assert.Equal("reached", findings["commit"]);
        Assert.True(int.Parse(findings["processes"], System.Globalization.CultureInfo.InvariantCulture) < 10, $"the agent saw {findings["processes"]} processes");
        Assert.NotEqual("0", findings["uid"]);
        await Eventually.WaitAsync(() => harness.Supervisor.GetStatus(context.Issue) == AgentStatus.Idle, "the agent's idle through its status file");
        Assert.True(await IsRunningAsync(marker), "the detached child should run until the session stops");

        await harness.Supervisor.StopSessionAsync(context.Issue, CancellationToken.None);

        await Eventually.WaitAsync(async () => !await IsRunningAsync(marker), "the detached child to end with its session");
    }

    [Fact]
    public async Task Without_the_sandbox_the_same_agent_reaches_Codemate_state_and_its_detached_child_outlives_the_session()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var (context, report, marker) = await PrepareHostileAgentAsync(harness, SandboxModes.None);

        await harness.Supervisor.StartSessionAsync(context, CancellationToken.None);

        var findings = await ReportAsync(report);
        Assert.Equal("reached", findings["state"]);
        Assert.Equal("reached", findings["other-worktree"]);
        await harness.Supervisor.StopSessionAsync(context.Issue, CancellationToken.None);
        Assert.True(await IsRunningAsync(marker));
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

    private static async Task<(SessionContext Context, string Report, string Marker)> PrepareHostileAgentAsync(SessionHarness harness, string sandbox)
    {
        var issue = SessionHarness.Issue("o", "r", 1);
        var context = await harness.ContextAsync(issue);
        var other = await harness.ContextAsync(SessionHarness.Issue("o", "r", 2));
        await File.WriteAllTextAsync(Path.Combine(other.Workspace, "secret.txt"), "another issue's work");
        var mirror = Directory.CreateDirectory(harness.Temp.Combine("workspaces", ".mirrors", "o", "r.git")).FullName;
        await File.WriteAllTextAsync(Path.Combine(mirror, "HEAD"), "ref: refs/heads/main\n");
        var state = harness.CodemateOptions.ResolvedStatePath;
        var id = Guid.NewGuid().ToString("N")[..12];
        var marker = "codemate-escapee-" + id;
        var report = Path.Combine(context.Workspace, "report.txt");
        harness.AgentOptions.Sandbox = sandbox;
        harness.AgentOptions.Command = string.Join("\n",
            "r=report.tmp",
            "probe() { if sh -c \"$2\" >/dev/null 2>&1; then echo \"$1=reached\" >> $r; else echo \"$1=blocked\" >> $r; fi; }",
            $"probe state \"head -c1 '{state}'\"",
            $"probe other-worktree \"cat '{Path.Combine(other.Workspace, "secret.txt")}'\"",
            $"probe mirror \"cat '{Path.Combine(mirror, "HEAD")}'\"",
            $"probe tmux \"tmux -S '{harness.Tmux.SocketPath}' list-sessions\"",
            $"probe server-environ \"head -c1 /proc/{Environment.ProcessId}/environ\"",
            $"probe kill-server \"kill -0 {Environment.ProcessId}\"",
            "probe commit \"printf mine > mine.txt && git add mine.txt && git -c user.name=a -c user.email=a@example.com commit -qm mine\"",
            "echo processes=$(ls /proc | grep -c '^[0-9]') >> $r",
            "echo uid=$(id -u) >> $r",
            // The marker is put together at run time, so only the detached child's command line holds it.
            $"setsid sh -c 'sleep 600; :' \"$(printf 'codemate-escapee-%s' {id})\" >/dev/null 2>&1 &",
            "printf idle > \"$CODEMATE_STATUS_FILE\"",
            "mv $r report.txt",
            "exec sleep 600");
        return (context, report, marker);
    }

    private static async Task<Dictionary<string, string>> ReportAsync(string report)
    {
        await Eventually.WaitAsync(() => File.Exists(report), "the hostile agent's report", TimeSpan.FromSeconds(30));
        return File.ReadAllLines(report).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    private static async Task<bool> IsRunningAsync(string marker) =>
        (await Cli.Wrap("pgrep").WithArguments(["-f", marker]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync()).ExitCode == 0;

    private sealed class FixedProfile(IReadOnlyList<string> command) : IAgentProfile
    {
        public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new SessionLaunch(context.SessionName, context.Session.Workspace, command, SessionEnvironment.For(context)));
    }
}
