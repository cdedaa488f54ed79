using CliWrap.Buffered;
using Codemate.Issues;
using Codemate.Replicas;
using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Real tmux on a private socket, the real supervisor and store, and the scripted agent.</summary>
public sealed class SessionDeliveryTests
{
    private static readonly IssueKey Issue = SessionHarness.Issue("o", "r", 1);

    [Fact]
    public async Task The_issue_prompt_queued_before_the_start_arrives_once_the_agent_is_idle()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var details = new IssueDetails("Fix the widget", "It breaks on Tuesdays.\r\nPlease fix.", "alice", "https://github.com/o/r/issues/1", []);
        var prompt = PromptFormatter.IssuePrompt(Issue, details, Issue.Branch, "https://github.com/o/r/pull/99");
        await harness.Store.EnqueueMessageAsync(Issue, prompt, CancellationToken.None);

        var log = await harness.StartAsync(Issue);

        Assert.Equal([prompt], await log.WaitForMessagesAsync(1));
        await log.WaitUntilAsync(() => harness.Supervisor.GetStatus(Issue) == AgentStatus.Idle);
        Assert.Null(await harness.Store.PeekMessageAsync(Issue, CancellationToken.None));
    }

    [Fact]
    public async Task A_session_started_held_delivers_nothing_queued_until_it_is_notified()
    {
        await using var harness = await SessionHarness.CreateAsync();
        await harness.Store.EnqueueMessageAsync(Issue, "queued before the pull request existed", CancellationToken.None);

        await harness.Supervisor.StartSessionAsync(await harness.ContextAsync(Issue) with { HoldDelivery = true }, CancellationToken.None);
        var log = harness.Log(Issue);
        await log.WaitUntilAsync(() => harness.Supervisor.GetStatus(Issue) == AgentStatus.Idle);
        await Task.Delay(500);
        Assert.Empty(log.Messages());

        harness.Supervisor.NotifyQueued(Issue);

        Assert.Equal(["queued before the pull request existed"], await log.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task A_message_for_an_idle_agent_is_delivered_without_waiting_for_the_poll()
    {
        // The safety poll is minutes away, far beyond the wait below: only the delivery the message schedules itself
        // can bring it. How quick that is on an idle machine is the comment-latency benchmark's business.
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMinutes(5));
        var log = await harness.StartAsync(Issue);
        await log.WaitUntilAsync(() => harness.Supervisor.GetStatus(Issue) == AgentStatus.Idle);

        await harness.Supervisor.EnqueueAsync(Issue, "hello", CancellationToken.None);

        Assert.Equal(["hello"], await log.WaitForMessagesAsync(1));
    }

    [Fact]
    public async Task Messages_sent_while_the_agent_is_busy_wait_and_then_arrive_one_at_a_time_in_order()
    {
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMinutes(5));
        var log = await harness.StartAsync(Issue);
        await harness.Supervisor.EnqueueAsync(Issue, "first [[hold]]", CancellationToken.None);
        await log.WaitForMessagesAsync(1);

        await harness.Supervisor.EnqueueAsync(Issue, "second [[sleep 100]]", CancellationToken.None);
        await harness.Supervisor.EnqueueAsync(Issue, "third", CancellationToken.None);
        await harness.Supervisor.EnqueueAsync(Issue, "fourth", CancellationToken.None);
        Assert.Equal(AgentStatus.Busy, harness.Supervisor.GetStatus(Issue));
        // The first message leaves the store once its paste returned, which may be just after the agent logged it.
        await log.WaitUntilAsync(() => harness.Store.GetMessagesAsync(Issue, CancellationToken.None).Result.Count == 3);
        Assert.Single(log.Messages());

        log.Release();

        // The last of the burst arrives on the agent's own idle, without any later message to push it.
        Assert.Equal(["first [[hold]]", "second [[sleep 100]]", "third", "fourth"], await log.WaitForMessagesAsync(4));
        Assert.Empty(log.InputWhileBusy());
        await log.WaitUntilAsync(() => harness.Store.PeekMessageAsync(Issue, CancellationToken.None).Result is null);
    }

    [Fact]
    public async Task A_session_whose_issue_another_replica_took_over_gets_none_of_the_text_queued_for_that_replica()
    {
        // This replica was paused past its lease; another one took the issue and queues text for its own agent. Until
        // the heartbeat here ends the leftover, the leftover must not take that text from the shared queue.
        var ownership = new TakenOverLater();
        await using var harness = await SessionHarness.CreateAsync(pollInterval: TimeSpan.FromMinutes(5));
        var supervisor = harness.NewSupervisor(ownership: ownership);
        var log = await harness.StartAsync(Issue, supervisor);
        await supervisor.EnqueueAsync(Issue, "while this replica held it", CancellationToken.None);
        await log.WaitForMessagesAsync(1);
        await log.WaitUntilAsync(() => supervisor.GetStatus(Issue) == AgentStatus.Idle);

        ownership.TakenOver = true;
        await supervisor.EnqueueAsync(Issue, "for the other replica's agent", CancellationToken.None);
        await log.WaitUntilAsync(() => ownership.Refusals == 1);
        // Checks of one session run one at a time: once a second has asked, the first has ended.
        supervisor.NotifyQueued(Issue);
        await log.WaitUntilAsync(() => ownership.Refusals == 2);

        Assert.Equal(["while this replica held it"], log.Messages());
        var queued = await harness.Store.PeekMessageAsync(Issue, CancellationToken.None);
        Assert.Equal("for the other replica's agent", queued?.Text);
        Assert.False(queued?.Attempted);
    }

    [Fact]
    public async Task Hostile_text_arrives_verbatim_and_runs_nothing()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var pwned = harness.Temp.Combine("pwned");
        var text =
            $"\"double\" 'single' $(touch {pwned}-subshell) `touch {pwned}-backtick`; touch {pwned}-semicolon\n" +
            $"early end \e[201~ then \e[200~ again, an interrupt \x03 and a bell \a, CRLF\r\n" +
            "non-ASCII: héllo wörld ✓ 日本語 🎉\n\ttabbed \\ back\\slash ;";
        var log = await harness.StartAsync(Issue);

        await harness.Supervisor.EnqueueAsync(Issue, text, CancellationToken.None);

        Assert.Equal([TerminalText.Sanitize(text)], await log.WaitForMessagesAsync(1));
        Assert.Empty(Directory.GetFiles(harness.Temp.Path, "pwned*"));
        Assert.True(await harness.Supervisor.IsRunningAsync(Issue, CancellationToken.None));
    }

    [Fact]
    public async Task A_64_KiB_message_arrives_whole()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var line = "The quick brown fox jumps over the lazy dog; ünïcödé $(x) `y`.\n";
        var text = string.Concat(Enumerable.Repeat(line, (64 * 1024 / line.Length) + 1));
        var log = await harness.StartAsync(Issue);

        await harness.Supervisor.EnqueueAsync(Issue, text, CancellationToken.None);

        var received = Assert.Single(await log.WaitForMessagesAsync(1));
        Assert.True(text.Length >= 64 * 1024);
        Assert.Equal(text, received);
    }

    [Fact]
    public async Task The_agent_runs_in_the_workspace_and_can_commit_there()
    {
        await using var harness = await SessionHarness.CreateAsync();
        var context = await harness.ContextAsync(Issue);
        await harness.Supervisor.StartSessionAsync(context, CancellationToken.None);
        var log = harness.Log(Issue);

        await harness.Supervisor.EnqueueAsync(Issue, "please [[commit feature.txt]]", CancellationToken.None);

        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "committed"));
        Assert.True(File.Exists(Path.Combine(context.Workspace, "feature.txt")));
        var head = await CliWrap.Cli.Wrap("git").WithArguments(["-C", context.Workspace, "log", "--format=%s", "-1"])
            .ExecuteBufferedAsync(CancellationToken.None);
        Assert.Equal("Add feature.txt", head.StandardOutput.Trim());
    }

    /// <summary>This replica holds <see cref="Issue"/> until another takes it over (<see cref="TakenOver"/>).</summary>
    private sealed class TakenOverLater : IIssueOwnership
    {
        private int _refusals;

        public volatile bool TakenOver;

        /// <summary>How often this replica asked for the issue after it was taken over.</summary>
        public int Refusals => Volatile.Read(ref _refusals);

        public string ReplicaId => "here";

        public bool Shared => true;

        public ValueTask<bool> TryTakeAsync(IssueKey issue, CancellationToken cancellationToken)
        {
            if (TakenOver)
            {
                Interlocked.Increment(ref _refusals);
            }

            return ValueTask.FromResult(!TakenOver);
        }

        public ValueTask ReleaseAsync(IssueKey issue, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<OwnershipSnapshot> SnapshotAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task HeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<Orphan>> OrphansAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Orphan>>([]);
    }
}
