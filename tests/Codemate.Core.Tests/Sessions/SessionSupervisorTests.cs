using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.Core.Tests.Sessions;

/// <summary>The supervisor against substitutes for tmux and the store: what it asks of them.</summary>
public sealed class SessionSupervisorTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("o", "r"), 5);
    private readonly TempDirectory _temp = new("cm-sup");
    private readonly ISessionHost _host = Substitute.For<ISessionHost>();
    private readonly IStateStore _store = Substitute.For<IStateStore>();
    private readonly IAgentProfile _profile = Substitute.For<IAgentProfile>();
    private readonly SessionPaths _paths;
    private readonly SessionSupervisor _supervisor;
    private readonly SessionEventChannel _channel = new();
    private readonly SessionEventLog _events;

    public SessionSupervisorTests()
    {
        _paths = new SessionPaths(Options.Create(new CodemateOptions { WorkspacesRoot = _temp.Path }));
        _supervisor = SessionHarness.NewSupervisor(_host, _store, _profile, _paths, Options.Create(new AgentOptions()), TimeProvider.System, _channel);
        _events = new SessionEventLog(_channel);
        _profile.CreateLaunchAsync(Arg.Any<AgentLaunchContext>(), Arg.Any<CancellationToken>())
            .Returns(call => new SessionLaunch("ignored", "/w", ["my-agent"], new Dictionary<string, string> { ["OWN"] = "1", ["CODEMATE_ISSUE"] = "forged" }));
    }

    [Fact]
    public async Task Every_launch_carries_the_status_contract_whatever_the_profile_returned()
    {
        var context = new SessionContext(Issue, "/w", "issue-5", null);
        SessionLaunch? started = null;
        await _host.StartAsync(Arg.Do<SessionLaunch>(l => started = l), Arg.Any<CancellationToken>());

        await _supervisor.StartSessionAsync(context, CancellationToken.None);

        Assert.NotNull(started);
        Assert.Equal("claude-o-r-5", started.SessionName);
        Assert.Equal("1", started.Environment["OWN"]);
        Assert.Equal("o/r#5", started.Environment["CODEMATE_ISSUE"]);
        Assert.Equal(_paths.StatusFile("claude-o-r-5"), started.Environment["CODEMATE_STATUS_FILE"]);
        Assert.Equal("claude-o-r-5", started.Environment["CODEMATE_SESSION_NAME"]);
        Assert.Equal("issue-5", started.Environment["CODEMATE_BRANCH"]);
        Assert.Equal("/w", started.Environment["CODEMATE_WORKSPACE"]);
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(_paths.StatusFile("claude-o-r-5")));
    }

    [Fact]
    public async Task A_session_that_already_runs_is_not_started_twice()
    {
        _host.IsAliveAsync("claude-o-r-5", Arg.Any<CancellationToken>()).Returns(true);

        await _supervisor.StartSessionAsync(new SessionContext(Issue, "/w", "issue-5", null), CancellationToken.None);

        await _host.DidNotReceiveWithAnyArgs().StartAsync(default!, default);
    }

    [Fact]
    public async Task Nothing_is_typed_while_the_agent_is_busy_and_the_message_stays_queued()
    {
        var message = new QueuedMessage(1, Issue, "hi", DateTimeOffset.UnixEpoch);
        _store.PeekMessageAsync(Issue, Arg.Any<CancellationToken>()).Returns(message);
        await _supervisor.StartSessionAsync(new SessionContext(Issue, "/w", "issue-5", null), CancellationToken.None);

        StatusFile.Write(_paths.StatusFile("claude-o-r-5"), "busy\n");
        _supervisor.NotifyQueued(Issue);
        await _events.WaitForAsync(e => e.Current == AgentStatus.Busy);

        await _host.DidNotReceiveWithAnyArgs().SendTextAsync(default!, default!, default);
        await _store.DidNotReceiveWithAnyArgs().RemoveMessageAsync(default, default);
    }

    [Fact]
    public async Task A_failed_paste_keeps_the_message_and_gives_the_idle_status_back()
    {
        var message = new QueuedMessage(1, Issue, "hi", DateTimeOffset.UnixEpoch);
        _store.PeekMessageAsync(Issue, Arg.Any<CancellationToken>()).Returns(message);
        _host.SendTextAsync("claude-o-r-5", "hi", Arg.Any<CancellationToken>()).Returns(Task.FromException(new CodemateException("tmux says no")));
        await _supervisor.StartSessionAsync(new SessionContext(Issue, "/w", "issue-5", null), CancellationToken.None);

        StatusFile.Write(_paths.StatusFile("claude-o-r-5"), "idle");
        _supervisor.NotifyQueued(Issue);
        await WaitUntilAsync(() => _host.ReceivedCalls().Any(c => c.GetMethodInfo().Name == nameof(ISessionHost.SendTextAsync)));
        await WaitUntilAsync(() => StatusFile.Read(_paths.StatusFile("claude-o-r-5")) == AgentStatus.Idle);

        await _store.DidNotReceiveWithAnyArgs().RemoveMessageAsync(default, default);
    }

    [Fact]
    public async Task Disposing_waits_for_a_check_still_reading_the_store()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<SessionRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.GetSessionAsync(Issue, Arg.Any<CancellationToken>()).Returns(_ =>
        {
            entered.TrySetResult();
            return release.Task;
        });

        // Not watched yet: the supervisor looks the session up in the background.
        _supervisor.NotifyQueued(Issue);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var disposed = _supervisor.DisposeAsync().AsTask();

        Assert.False(disposed.IsCompleted);
        release.SetResult(null);
        await disposed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _supervisor.Dispose();
        _events.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _temp.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
