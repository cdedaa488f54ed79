using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Sessions;

/// <summary>
/// An agent that never got its task is a failed start, told with its last screen: real tmux, real processes. The
/// screens below imitate what the real Claude Code shows when it cannot start (its end-to-end tests prove that case).
/// </summary>
public sealed class FailedStartTests
{
    private static readonly IssueKey Issue1 = SessionHarness.Issue("o", "r", 1);

    [Fact]
    public async Task An_agent_that_exits_before_its_task_is_a_failed_start_with_its_last_screen_and_no_secret()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        harness.AgentOptions.Command = "printf 'Invalid API key sk-ant-test-abcdefghijklmnop\\nFix the key and retry\\n'; exit 3";
        var exit = ExitOf(harness.Events);

        await harness.Supervisor.StartSessionAsync(await harness.ContextAsync(Issue1), CancellationToken.None);

        var ended = await exit.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StartFailure.Exited, ended.Failure);
        Assert.Contains("Invalid API key [redacted]", ended.Screen, StringComparison.Ordinal);
        Assert.Contains("Fix the key and retry", ended.Screen, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test", ended.Screen, StringComparison.Ordinal);
        Assert.Empty(await harness.Host.ListAsync(CancellationToken.None));
        Assert.False(await harness.Tmux.HasSessionAsync("claude-o-r-1"));
    }

    [Fact]
    public async Task An_agent_still_not_ready_after_the_start_timeout_is_stopped_as_a_failed_start()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromSeconds(5));
        harness.AgentOptions.Command = "printf 'Do you trust the files in this folder?\\n> No, exit\\n'; sleep 600";
        harness.AgentOptions.StartTimeout = TimeSpan.FromMinutes(2);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var supervisor = harness.NewSupervisor(clock);
        var exit = ExitOf(harness.EventsOf(supervisor));
        await supervisor.StartSessionAsync(await harness.ContextAsync(Issue1), CancellationToken.None);
        await Eventually.WaitAsync(
            async () => (await harness.Host.CapturePaneAsync("claude-o-r-1", CancellationToken.None)).Contains("No, exit", StringComparison.Ordinal),
            "the agent's dialog on its screen");

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await harness.Host.IsAliveAsync("claude-o-r-1", CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(1));

        var ended = await exit.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StartFailure.NotReady, ended.Failure);
        Assert.Contains("Do you trust the files in this folder?", ended.Screen, StringComparison.Ordinal);
        Assert.False(await harness.Tmux.HasSessionAsync("claude-o-r-1"));
    }

    [Fact]
    public async Task An_agent_that_exits_after_receiving_its_task_finished_and_did_not_fail_to_start()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var exit = ExitOf(harness.Events);
        var log = await harness.StartAsync(Issue1);

        await harness.Supervisor.EnqueueAsync(Issue1, "do it and leave [[exit]]", CancellationToken.None);

        var ended = await exit.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(ended.FailedStart);
        Assert.Equal(["do it and leave [[exit]]"], await log.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task An_agent_whose_first_turn_ends_in_an_error_is_stopped_as_a_failed_start()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        // What Claude Code's hooks do when the model API refuses the task: idle at start, busy, then error.
        harness.AgentOptions.Command =
            "printf idle > \"$CODEMATE_STATUS_FILE\"; read -r task; printf busy > \"$CODEMATE_STATUS_FILE\"; "
            + "printf 'API Error: 404 model not found\\n'; printf error > \"$CODEMATE_STATUS_FILE\"; sleep 600";
        var exit = ExitOf(harness.Events);
        await harness.Supervisor.EnqueueAsync(Issue1, "the task", CancellationToken.None);

        await harness.Supervisor.StartSessionAsync(await harness.ContextAsync(Issue1), CancellationToken.None);

        var ended = await exit.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StartFailure.FirstTurnFailed, ended.Failure);
        Assert.Contains("API Error: 404 model not found", ended.Screen, StringComparison.Ordinal);
        Assert.False(await harness.Tmux.HasSessionAsync("claude-o-r-1"));
    }

    [Fact]
    public async Task A_later_turn_that_ends_in_an_error_counts_as_idle_and_the_next_text_is_delivered()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var log = await harness.StartAsync(Issue1);
        await harness.Supervisor.EnqueueAsync(Issue1, "first", CancellationToken.None);
        await log.WaitForMessagesAsync(1);
        await Eventually.WaitAsync(() => harness.Supervisor.GetStatus(Issue1) == AgentStatus.Idle, "the first turn to end");

        StatusFile.Write(harness.Paths.StatusFile("claude-o-r-1"), StatusFile.Error);
        await harness.Supervisor.EnqueueAsync(Issue1, "second", CancellationToken.None);

        Assert.Equal(["first", "second"], await log.WaitForMessagesAsync(2));
        Assert.True(await harness.Supervisor.IsRunningAsync(Issue1, CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_start_leaves_nothing_in_the_way_of_the_next_start()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMilliseconds(200));
        var command = harness.AgentOptions.Command;
        harness.AgentOptions.Command = "exit 1";
        var exit = ExitOf(harness.Events);
        await harness.Supervisor.StartSessionAsync(await harness.ContextAsync(Issue1), CancellationToken.None);
        await exit.WaitAsync(TimeSpan.FromSeconds(20));

        harness.AgentOptions.Command = command;
        await harness.Supervisor.EnqueueAsync(Issue1, "second try", CancellationToken.None);
        var log = await harness.StartAsync(Issue1);

        Assert.Equal(["second try"], await log.WaitForMessagesAsync(1));
    }

    private static async Task<SessionExit> ExitOf(SessionEventLog events) =>
        (await events.WaitForAsync(e => e.Current == AgentStatus.Exited && e.Exit is not null, TimeSpan.FromSeconds(60))).Exit!;
}
