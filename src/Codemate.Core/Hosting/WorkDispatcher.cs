using System.Threading.Channels;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.Issues;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Hosting;

/// <summary>
/// Runs accepted work: in order per issue, concurrently across issues up to
/// <see cref="CodemateOptions.MaxConcurrentIssues"/>. Work left in the store by a previous process is
/// resumed first. Work is removed from the store only once its handler returned, so a crash repeats it (at least
/// once). Nothing stops silently: a failing handler or store is retried with back-off, work that fails
/// <see cref="CodemateOptions.WorkMaxAttempts"/> times is parked where <c>/status</c> shows it, and
/// <see cref="DispatcherHealth"/> tells the health check while work cannot run.
/// </summary>
internal sealed partial class WorkDispatcher(
    WorkQueue queue,
    IStateStore store,
    IServiceScopeFactory scopes,
    IOptions<CodemateOptions> options,
    DispatcherHealth health,
    TimeProvider time,
    CodemateMetrics metrics,
    ILogger<WorkDispatcher> logger,
    Replicas.IIssueOwnership ownership) : BackgroundService
{
    private readonly Dictionary<IssueKey, Queue<PendingWork>> _perIssue = [];
    // Sequences held in memory: a re-read from the start (replicas sharing the queue) schedules each item once.
    private readonly HashSet<long> _scheduled = [];
    private long _lastSeen;
    // Work held in memory at once; the rest waits in the store, so a flood of deliveries cannot exhaust memory.
    internal const int MaxHeld = 1024;
    private const string ReadStep = "read accepted work";
    private readonly BackgroundWork _drains = new();
    private int _held;
    private bool _storeMayHaveMore;
    // Set by completions while the store may hold more than was read: what a full dispatcher waits for.
    private readonly Channel<bool> _room = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>How much accepted work is held in memory right now.</summary>
    internal int Held
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }
    private readonly Lock _lock = new();
    private SemaphoreSlim? _slots;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _slots = new SemaphoreSlim(options.Value.MaxConcurrentIssues);
        try
        {
            await ReadLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                health.Stopped();
            }
        }

        // Handlers observe the token; what they did not finish stays in the store for the next start.
        await _drains.SettledAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReadLoopAsync(CancellationToken stoppingToken)
    {
        var resuming = true;
        var failures = 0;
        while (true)
        {
            // Reading past the last sequence seen: the first pass resumes what a previous run left.
            int room;
            lock (_lock)
            {
                room = MaxHeld - _held;
            }

            IReadOnlyList<PendingWork> batch;
            try
            {
                batch = room > 0 ? await store.GetPendingWorkAsync(_lastSeen, room, stoppingToken).ConfigureAwait(false) : [];
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A busy, full or failing store must not end the loop: what was accepted stays in it and runs later.
                failures++;
                health.StoreFailed(ReadStep);
                var delay = WorkBackOff.After(failures, options.Value.WorkRetryDelay);
                Log.ReadFailed(logger, delay, exception);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (failures > 0)
            {
                failures = 0;
                health.StoreAnswered(ReadStep);
            }

            foreach (var pending in batch)
            {
                if (resuming)
                {
                    Log.Resuming(logger, pending.Work.GetType().Name, pending.Work.Issue.Repository.FullName, pending.Work.Issue.Number);
                }

                _lastSeen = pending.Sequence;
                Schedule(pending, stoppingToken);
            }

            resuming = false;
            bool full;
            lock (_lock)
            {
                // A full batch may have left work in the store: then every completion wakes this loop, and if
                // room appeared while reading (completions that saw no reason to wake it), read on at once.
                _storeMayHaveMore = room == 0 || batch.Count == room;
                if (_storeMayHaveMore && _held < MaxHeld)
                {
                    continue;
                }

                full = _held >= MaxHeld;
            }

            if (full)
            {
                // Nothing more can be read until held work completes. Waiting for accepts instead woke this loop
                // for nothing on every accepted delivery, which under a flood is thousands of times a second.
                await _room.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (!ownership.Shared)
            {
                await queue.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            else if (!await queue.WaitAsync(RereadInterval, time, stoppingToken).ConfigureAwait(false))
            {
                // Work another replica held may be free now (it let the issue go, or went silent): read it all again.
                _lastSeen = 0;
            }
        }
    }

    private void Schedule(PendingWork pending, CancellationToken stoppingToken)
    {
        lock (_lock)
        {
            if (!_scheduled.Add(pending.Sequence))
            {
                return;
            }

            _held++;
            if (_perIssue.TryGetValue(pending.Work.Issue, out var waiting))
            {
                waiting.Enqueue(pending);
                return;
            }

            _perIssue[pending.Work.Issue] = new Queue<PendingWork>([pending]);
            _drains.Start(() => DrainIssueAsync(pending.Work.Issue, stoppingToken));
        }
    }

    private async Task DrainIssueAsync(IssueKey issue, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (!await TakeAsync(issue, stoppingToken).ConfigureAwait(false))
            {
                LeaveToOwner(issue);
                return;
            }

            while (true)
            {
                PendingWork next;
                lock (_lock)
                {
                    var waiting = _perIssue[issue];
                    if (waiting.Count == 0)
                    {
                        break;
                    }

                    next = waiting.Peek();
                }

                if (!await ProcessAsync(next, stoppingToken).ConfigureAwait(false))
                {
                    Forget(issue);
                    return;
                }

                lock (_lock)
                {
                    _perIssue[issue].Dequeue();
                    _scheduled.Remove(next.Sequence);
                    _held--;
                    if (_storeMayHaveMore)
                    {
                        // Room again, and the last read stopped at the limit: read on where the store was left.
                        _room.Writer.TryWrite(true);
                    }
                }
            }

            await LetGoAsync(issue, stoppingToken).ConfigureAwait(false);
            lock (_lock)
            {
                // Work scheduled while the issue was let go runs once it is taken again.
                if (_perIssue[issue].Count == 0)
                {
                    _perIssue.Remove(issue);
                    return;
                }
            }
        }
    }

    private void Forget(IssueKey issue)
    {
        lock (_lock)
        {
            if (_perIssue.Remove(issue, out var waiting))
            {
                foreach (var left in waiting)
                {
                    _scheduled.Remove(left.Sequence);
                }
            }
        }
    }

    public override void Dispose()
    {
        _slots?.Dispose();
        base.Dispose();
    }
}
