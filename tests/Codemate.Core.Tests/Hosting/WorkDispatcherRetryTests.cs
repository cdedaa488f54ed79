using System.Collections.Concurrent;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Hosting;

/// <summary>Issue #21: nothing stops silently. Back-off runs on a fake clock, which each test steps until what it waits for is seen.</summary>
public sealed class WorkDispatcherRetryTests : IAsyncLifetime
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly WorkQueue _queue = new();
    private readonly DispatcherHealth _health = new();
    private readonly CodemateMetrics _metrics = CodemateMetrics.Standalone();
    private readonly ConcurrentQueue<(string DeliveryId, DateTimeOffset At)> _calls = new();
    private SqliteStateStore _sqlite = null!;
    private FaultyStateStore _store = null!;
    private ServiceProvider _services = null!;
    private WorkDispatcher? _dispatcher;

    /// <summary>What the handler does with each call (after it was recorded).</summary>
    private Func<IssueWork, Task> _handle = _ => Task.CompletedTask;

    public Task InitializeAsync()
    {
        _sqlite = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), _time);
        _store = new FaultyStateStore(_sqlite);
        _services = new ServiceCollection()
            .AddScoped<IIssueHandler>(_ => new Handler(this))
            .BuildServiceProvider();
        return _store.InitializeAsync(default);
    }

    public async Task DisposeAsync()
    {
        if (_dispatcher is not null)
        {
            await _dispatcher.StopAsync(default);
            _dispatcher.Dispose();
        }

        await _services.DisposeAsync();
        _sqlite.Dispose();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task A_handler_that_fails_is_tried_again_after_a_growing_back_off_and_its_work_completes_when_it_succeeds()
    {
        var failuresLeft = 2;
        _handle = _ => Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new InvalidOperationException("flaky") : Task.CompletedTask;
        await AcceptAsync("d1");

        await StartAsync();
        await StepClockUntilAsync(async () => (await _sqlite.GetPendingWorkAsync(default)).Count == 0, "the work to complete");

        var at = _calls.Select(c => c.At).ToList();
        Assert.Equal(3, at.Count);
        Assert.True(at[1] - at[0] >= FirstDelay, $"second try after {at[1] - at[0]}");
        Assert.True(at[2] - at[1] >= FirstDelay * 2, $"third try after {at[2] - at[1]}");
        Assert.Empty(await _sqlite.GetParkedWorkAsync(default));
        Assert.Null(_health.Describe(0));
    }

    [Fact]
    public async Task Work_whose_handler_fails_every_attempt_is_parked_with_a_short_reason_and_the_issue_moves_on()
    {
        _handle = work => work.DeliveryId == "bad" ? throw new InvalidOperationException("secret ghp_abc in a message") : Task.CompletedTask;
        using var failures = new MetricCollector<long>(_metrics.Meter, "codemate.work.failures");
        using var deadLettered = new MetricCollector<long>(_metrics.Meter, "codemate.work.dead_lettered");
        await AcceptAsync("bad");
        await AcceptAsync("next");

        await StartAsync();
        await StepClockUntilAsync(() => Task.FromResult(_calls.Any(c => c.DeliveryId == "next")), "the issue's next work to run");

        var parked = Assert.Single(await _sqlite.GetParkedWorkAsync(default));
        Assert.Equal(("bad", 3, "an unexpected error on every attempt"), (parked.DeliveryId, parked.Attempts, parked.Reason));
        Assert.Equal(3, _calls.Count(c => c.DeliveryId == "bad"));
        Assert.Equal(3, failures.GetMeasurementSnapshot().Sum(m => m.Value));
        var parkedCount = Assert.Single(deadLettered.GetMeasurementSnapshot());
        Assert.Equal(1, parkedCount.Value);
        Assert.Equal(nameof(IssueOpened), parkedCount.Tags["codemate.work"]);
        Assert.NotNull(_health.Describe(1));
        await Eventually.WaitAsync(() => _dispatcher!.Held == 0, "the dispatcher to let go of the issue");
    }

    [Fact]
    public async Task Handled_work_the_store_will_not_remove_is_parked_without_running_it_again()
    {
        _store.Fails = operation => operation == nameof(IStateStore.CompleteWorkAsync);
        await AcceptAsync("d1");
        await AcceptAsync("d2");

        await StartAsync();
        await Eventually.WaitAsync(() => _health.Problem is not null, "the dispatcher to report the failing store");
        Assert.Contains("remove finished work", _health.Problem, StringComparison.Ordinal);
        await StepClockUntilAsync(async () => (await _sqlite.GetParkedWorkAsync(default)).Count == 2, "both items to be parked");

        Assert.Equal(["d1", "d2"], _calls.Select(c => c.DeliveryId));
        Assert.All(await _sqlite.GetParkedWorkAsync(default), p => Assert.Equal("it was handled, but the state store failed to remove it from the queue", p.Reason));
        Assert.Empty(await _sqlite.GetPendingWorkAsync(default));
        await Eventually.WaitAsync(() => _dispatcher!.Held == 0, "the dispatcher to let go of the issue");
    }

    [Fact]
    public async Task A_store_that_fails_to_read_work_keeps_the_dispatcher_alive_and_unhealthy_until_it_answers_again()
    {
        _store.Fails = operation => operation == nameof(IStateStore.GetPendingWorkAsync);
        await AcceptAsync("d1");

        await StartAsync();
        await StepClockUntilAsync(() => Task.FromResult(_store.Failures >= 3), "three failed reads");
        Assert.Contains("read accepted work", _health.Problem, StringComparison.Ordinal);
        Assert.Empty(_calls);

        _store.Fails = _ => false;
        await StepClockUntilAsync(() => Task.FromResult(!_calls.IsEmpty), "the work to run once the store answers");

        await Eventually.WaitAsync(() => _health.Problem is null, "the dispatcher to report healthy again");
    }

    [Fact]
    public async Task A_shutdown_does_not_count_as_the_dispatcher_stopping()
    {
        await StartAsync();
        await _dispatcher!.StopAsync(default);

        Assert.Null(_health.Problem);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 300)]
    [InlineData(60, 300)]
    public void The_back_off_doubles_up_to_five_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WorkBackOff.After(failures, FirstDelay));

    private async Task StartAsync()
    {
        var options = Options.Create(new CodemateOptions { MaxConcurrentIssues = 2, WorkMaxAttempts = 3, WorkRetryDelay = FirstDelay, WorkspacesRoot = _root.Path });
        _dispatcher = new WorkDispatcher(_queue, _store, _services.GetRequiredService<IServiceScopeFactory>(), options, _health, _time, _metrics, NullLogger<WorkDispatcher>.Instance, Codemate.Replicas.SoleReplica.Instance);
        await _dispatcher.StartAsync(default);
    }

    private Task AcceptAsync(string deliveryId) => _sqlite.TryAcceptAsync(deliveryId, new IssueOpened
    {
        Issue = new IssueKey(RepositoryName.Create("octo", "app"), 1),
        Details = new IssueDetails("t", "b", "alice", string.Empty, []),
        DeliveryId = deliveryId,
        Sender = new Actor("alice", false),
    }, default);

    /// <summary>Moves the fake clock a second at a time until <paramref name="condition"/> holds: every back-off wait ends.</summary>
    private Task StepClockUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.WaitAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                _time.Advance(TimeSpan.FromSeconds(1));
                return false;
            },
            what,
            TimeSpan.FromSeconds(60));

    private sealed class Handler(WorkDispatcherRetryTests test) : IIssueHandler
    {
        public Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
        {
            test._calls.Enqueue((work.DeliveryId, test._time.GetUtcNow()));
            return test._handle(work);
        }
    }
}
