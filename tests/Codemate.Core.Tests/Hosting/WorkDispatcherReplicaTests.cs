using System.Collections.Concurrent;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Replicas;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Hosting;

/// <summary>Issue #23: a replica runs only the work of issues it holds, and lets an issue go when its agent does not run here.</summary>
public sealed class WorkDispatcherReplicaTests : IAsyncLifetime
{
    private static readonly IssueKey Held = new(RepositoryName.Create("octo", "app"), 1);
    private static readonly IssueKey Free = new(RepositoryName.Create("octo", "app"), 2);
    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly Ownership _ownership = new();
    private SqliteStateStore _store = null!;
    private ServiceProvider _services = null!;
    private WorkDispatcher _dispatcher = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), _time);
        await _store.InitializeAsync(default);
        _services = new ServiceCollection().AddScoped<IIssueHandler>(_ => new Handler(_calls)).BuildServiceProvider();
        var options = Options.Create(new CodemateOptions { WorkspacesRoot = _root.Path, LeaseDuration = TimeSpan.FromSeconds(30) });
        _dispatcher = new WorkDispatcher(new WorkQueue(), _store, _services.GetRequiredService<IServiceScopeFactory>(), options, new DispatcherHealth(), _time, CodemateMetrics.Standalone(), NullLogger<WorkDispatcher>.Instance, _ownership);
    }

    public async Task DisposeAsync()
    {
        await _dispatcher.StopAsync(default);
        _dispatcher.Dispose();
        await _services.DisposeAsync();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Work_of_an_issue_another_replica_holds_stays_queued_and_runs_here_once_that_replica_lets_it_go()
    {
        await AcceptAsync(Held, "held-1");
        await AcceptAsync(Free, "free-1");
        await _dispatcher.StartAsync(default);

        await Eventually.WaitAsync(() => _calls.Contains("free-1"), "the free issue's work to run");
        Assert.DoesNotContain("held-1", _calls);
        Assert.Equal(["held-1"], (await _store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));

        _ownership.HeldElsewhere = false;
        // Nothing is accepted meanwhile: the periodic re-read of the queue finds it.
        await Eventually.WaitAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return _calls.Contains("held-1");
            },
            "the held issue's work to run once it is free");
        await Eventually.WaitAsync(async () => (await _store.GetPendingWorkAsync(default)).Count == 0, "the work to leave the queue");
        Assert.Equal(1, _calls.Count(c => c == "held-1"));
    }

    [Fact]
    public async Task An_issue_whose_session_does_not_run_here_is_let_go_once_its_work_is_done()
    {
        await _store.TryCreateSessionAsync(new SessionRecord { Issue = Free, SessionName = "claude-octo-app-2", Branch = Free.Branch, State = SessionState.Queued, CreatedAt = _time.GetUtcNow() }, default);
        await AcceptAsync(Free, "free-1");
        await _dispatcher.StartAsync(default);

        await Eventually.WaitAsync(
            () => _ownership.Released.Contains(Free),
            "the queued issue to be let go");
        Assert.Contains("free-1", _calls);
    }

    private Task AcceptAsync(IssueKey issue, string deliveryId) => _store.TryAcceptAsync(deliveryId, new IssueOpened
    {
        Issue = issue,
        Details = new IssueDetails("t", "b", "alice", string.Empty, []),
        DeliveryId = deliveryId,
        Sender = new Actor("alice", false),
    }, default);

    private sealed class Handler(ConcurrentQueue<string> calls) : IIssueHandler
    {
        public Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
        {
            calls.Enqueue(work.DeliveryId);
            return Task.CompletedTask;
        }
    }

    /// <summary>Another replica holds <see cref="Held"/> while <see cref="HeldElsewhere"/>; every other issue is this one's.</summary>
    private sealed class Ownership : IIssueOwnership
    {
        public volatile bool HeldElsewhere = true;

        public ConcurrentQueue<IssueKey> Released { get; } = new();

        public string ReplicaId => "here";

        public bool Shared => true;

        public ValueTask<bool> TryTakeAsync(IssueKey issue, CancellationToken cancellationToken) => ValueTask.FromResult(issue != Held || !HeldElsewhere);

        public ValueTask ReleaseAsync(IssueKey issue, CancellationToken cancellationToken)
        {
            Released.Enqueue(issue);
            return ValueTask.CompletedTask;
        }

        public ValueTask<OwnershipSnapshot> SnapshotAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task HeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<Orphan>> OrphansAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Orphan>>([]);
    }
}
