using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Starting, finding, stopping and re-attaching to sessions in real tmux on a private socket.</summary>
public sealed class SessionLifecycleTests
{
    private static readonly IssueKey Issue1 = SessionHarness.Issue("o", "r", 1);
    private static readonly IssueKey Issue12 = SessionHarness.Issue("o", "r", 12);

    [Fact]
    public async Task Issue_1_is_never_mistaken_for_issue_12_whose_name_it_prefixes()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var log12 = await harness.StartAsync(Issue12);
        await log12.WaitUntilAsync(() => log12.Started);

        // The original's "has-session -t claude-o-r-1" matched claude-o-r-12.
        Assert.False(await harness.Supervisor.IsRunningAsync(Issue1, CancellationToken.None));
        Assert.False(await harness.Host.IsAliveAsync("claude-o-r-1", CancellationToken.None));

        var log1 = await harness.StartAsync(Issue1);
        await harness.Supervisor.EnqueueAsync(Issue1, "for one", CancellationToken.None);
        await harness.Supervisor.EnqueueAsync(Issue12, "for twelve", CancellationToken.None);
        Assert.Equal(["for one"], await log1.WaitForMessagesAsync(1));
        Assert.Equal(["for twelve"], await log12.WaitForMessagesAsync(1));

        await harness.Supervisor.StopSessionAsync(Issue1, CancellationToken.None);
        Assert.False(await harness.Supervisor.IsRunningAsync(Issue1, CancellationToken.None));
        Assert.True(await harness.Supervisor.IsRunningAsync(Issue12, CancellationToken.None));
    }

    [Fact]
    public async Task A_repository_with_a_dot_in_its_name_gets_its_prompt()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var issue = SessionHarness.Issue("octo", "my.site.io", 3);
        Assert.Equal("claude-octo-my_site_io-3", SessionNames.For(issue));
        await harness.Store.EnqueueMessageAsync(issue, "the prompt", CancellationToken.None);

        var log = await harness.StartAsync(issue);

        Assert.Equal(["the prompt"], await log.WaitForMessagesAsync(1));
        Assert.Contains("claude-octo-my_site_io-3", await harness.Host.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Stop_ends_the_session_and_keeps_its_queue()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var log = await harness.StartAsync(Issue1);
        await log.WaitUntilAsync(() => log.Started);

        await harness.Supervisor.StopSessionAsync(Issue1, CancellationToken.None);
        await harness.Supervisor.EnqueueAsync(Issue1, "after the stop", CancellationToken.None);

        Assert.False(await harness.Supervisor.IsRunningAsync(Issue1, CancellationToken.None));
        Assert.Empty(await harness.Host.ListAsync(CancellationToken.None));
        Assert.NotNull(await harness.Store.PeekMessageAsync(Issue1, CancellationToken.None));
    }

    [Fact]
    public async Task A_session_that_died_is_detected_and_can_be_started_again()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var log = await harness.StartAsync(Issue1);
        await log.WaitUntilAsync(() => log.Started);

        await harness.Tmux.KillSessionAsync("claude-o-r-1");

        Assert.False(await harness.Host.IsAliveAsync("claude-o-r-1", CancellationToken.None));
        await harness.Events.WaitForAsync(e => e.Current == AgentStatus.Exited && e.Issue == Issue1, TimeSpan.FromSeconds(10));
        Assert.Equal(AgentStatus.Unknown, harness.Supervisor.GetStatus(Issue1));

        await harness.Supervisor.EnqueueAsync(Issue1, "after the restart", CancellationToken.None);
        await harness.StartAsync(Issue1);
        Assert.Contains("after the restart", await log.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task An_agent_that_exits_on_its_own_is_reported_as_exited()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var log = await harness.StartAsync(Issue1);

        await harness.Supervisor.EnqueueAsync(Issue1, "bye [[exit]]", CancellationToken.None);

        await harness.Events.WaitForAsync(e => e.Current == AgentStatus.Exited);
        Assert.False(await harness.Supervisor.IsRunningAsync(Issue1, CancellationToken.None));
        Assert.Equal([AgentStatus.Idle, AgentStatus.Busy], harness.Events.Statuses().Take(2));
    }

    [Fact]
    public async Task After_a_restart_the_supervisor_reattaches_to_running_sessions_and_drains_their_queues()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var context = await harness.ContextAsync(Issue1);
        await harness.Store.TryCreateSessionAsync(
            new SessionRecord { Issue = Issue1, SessionName = context.SessionName, Branch = context.Branch, State = SessionState.Running, Workspace = context.Workspace },
            CancellationToken.None);
        var first = harness.NewSupervisor();
        await first.StartSessionAsync(context, CancellationToken.None);
        var log = harness.Log(Issue1);
        await log.WaitUntilAsync(() => log.Started);
        first.Dispose();

        // Queued while nobody watched: nothing would deliver it without ResumeAsync.
        await harness.Store.EnqueueMessageAsync(Issue1, "queued during the restart", CancellationToken.None);
        var second = harness.NewSupervisor();
        await second.ResumeAsync(CancellationToken.None);

        Assert.Equal(["queued during the restart"], await log.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task A_message_whose_typing_a_crash_interrupted_is_typed_again_marked_as_a_possible_repeat()
    {
        await using var harness = await SessionHarness.CreateAsync();
        // As a process that crashed after it began typing the first message and before it removed it leaves them.
        var interrupted = await harness.Store.EnqueueMessageAsync(Issue1, "first", CancellationToken.None);
        await harness.Store.MarkMessageAttemptedAsync(interrupted.Sequence, CancellationToken.None);
        await harness.Store.EnqueueMessageAsync(Issue1, "second", CancellationToken.None);

        var log = await harness.StartAsync(Issue1);

        var messages = await log.WaitForMessagesAsync(2);
        Assert.StartsWith("(Codemate was interrupted while typing the message below", messages[0], StringComparison.Ordinal);
        Assert.EndsWith("first", messages[0], StringComparison.Ordinal);
        Assert.Equal("second", messages[1]);
        await Eventually.WaitAsync(async () => await harness.Store.PeekMessageAsync(Issue1, CancellationToken.None) is null, "both messages to leave the queue");
    }

    [Fact]
    public async Task Launch_arguments_and_environment_reach_the_program_verbatim()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var output = harness.Temp.Combine("argv.txt");
        var workspace = harness.Temp.Combine("ws");
        Directory.CreateDirectory(workspace);
        string[] hostile = ["a b", "$(touch x)", ";", "ends with;", "ends with\\;", "ünï"];
        var launch = new SessionLaunch(
            "argv-test",
            workspace,
            ["sh", "-c", "printf '%s\\n' \"$PWD\" \"$CUSTOM\" \"$@\" > \"$0\"; sleep 30", output, .. hostile],
            new Dictionary<string, string> { ["CUSTOM"] = "value; with $(stuff);" });

        await harness.Host.StartAsync(launch, CancellationToken.None);

        var log = harness.Log(Issue1);
        await log.WaitUntilAsync(() => File.Exists(output) && File.ReadAllText(output).Split('\n').Length > hostile.Length + 2);
        Assert.Equal([workspace, "value; with $(stuff);", .. hostile, ""], File.ReadAllText(output).Split('\n'));
        Assert.Empty(Directory.GetFiles(workspace));
    }
}
