using Codemate.Configuration;
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
/// resumed first. Work is removed from the store only once its handler returned, so a crash repeats it.
/// </summary>
internal sealed partial class WorkDispatcher(
    WorkQueue queue,
    IStateStore store,
    IServiceScopeFactory scopes,
    IOptions<CodemateOptions> options,
    ILogger<WorkDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<IssueKey, Queue<PendingWork>> _perIssue = [];
    private long _lastSeen;
    // Work held in memory at once; the rest waits in the store, so a flood of deliveries cannot exhaust memory.
    internal const int MaxHeld = 1024;
    private readonly List<Task> _running = [];
    private int _held;
    private bool _storeMayHaveMore;

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
        var resuming = true;
        try
        {
            while (true)
            {
                // Reading past the last sequence seen: the first pass resumes what a previous run left.
                int room;
                lock (_lock)
                {
                    room = MaxHeld - _held;
                }

                var batch = room > 0 ? await store.GetPendingWorkAsync(_lastSeen, room, stoppingToken).ConfigureAwait(false) : [];
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
                lock (_lock)
                {
                    // A full batch may have left work in the store: then every completion wakes this loop, and if
                    // room appeared while reading (completions that saw no reason to wake it), read on at once.
                    _storeMayHaveMore = room == 0 || batch.Count == room;
                    if (_storeMayHaveMore && _held < MaxHeld)
                    {
                        continue;
                    }
                }

                await queue.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (CodemateException exception)
        {
            Log.StoreFailed(logger, exception);
        }

        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }

        // Handlers observe the token; what they did not finish stays in the store for the next start.
        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private void Schedule(PendingWork pending, CancellationToken stoppingToken)
    {
        lock (_lock)
        {
            _held++;
            if (_perIssue.TryGetValue(pending.Work.Issue, out var waiting))
            {
                waiting.Enqueue(pending);
                return;
            }

            _perIssue[pending.Work.Issue] = new Queue<PendingWork>([pending]);
            var task = Task.Run(() => DrainIssueAsync(pending.Work.Issue, stoppingToken), CancellationToken.None);
            _running.Add(task);
            _ = task.ContinueWith(t => { lock (_lock) { _running.Remove(t); } }, TaskScheduler.Default);
        }
    }

    private async Task DrainIssueAsync(IssueKey issue, CancellationToken stoppingToken)
    {
        while (true)
        {
            PendingWork next;
            lock (_lock)
            {
                var waiting = _perIssue[issue];
                if (waiting.Count == 0)
                {
                    _perIssue.Remove(issue);
                    return;
                }

                next = waiting.Peek();
            }

            try
            {
                await _slots!.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Forget(issue);
                return;
            }

            try
            {
                if (!await RunAsync(next, stoppingToken).ConfigureAwait(false))
                {
                    Forget(issue);
                    return;
                }
            }
            finally
            {
                _slots.Release();
            }

            lock (_lock)
            {
                _perIssue[issue].Dequeue();
                _held--;
                if (_storeMayHaveMore)
                {
                    // Room again, and the last read stopped at the limit: read on where the store was left.
                    queue.Notify();
                }
            }
        }
    }

    private void Forget(IssueKey issue)
    {
        lock (_lock)
        {
            _perIssue.Remove(issue);
        }
    }

    /// <returns><see langword="false"/> when shutdown interrupted the work (it stays queued in the store).</returns>
    private async Task<bool> RunAsync(PendingWork pending, CancellationToken stoppingToken)
    {
        var work = pending.Work;
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using var _ = scope.ConfigureAwait(false);
            var handler = scope.ServiceProvider.GetRequiredService<IIssueHandler>();
            await handler.HandleAsync(work, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Log.Interrupted(logger, work.Issue.Repository.FullName, work.Issue.Number);
            return false;
        }
        catch (Exception exception)
        {
            // One failing issue must never stop the others; the handler reports failures on the issue.
            Log.HandlerFailed(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, exception);
        }

        await store.CompleteWorkAsync(pending.Sequence, CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public override void Dispose()
    {
        _slots?.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Resuming {Work} for {Repository}#{Issue} left from a previous run")]
        public static partial void Resuming(ILogger logger, string work, string repository, int issue);

        [LoggerMessage(1102, LogLevel.Error, "{Work} for {Repository}#{Issue} (delivery {DeliveryId}) failed")]
        public static partial void HandlerFailed(ILogger logger, string work, string repository, int issue, string deliveryId, Exception exception);

        [LoggerMessage(1104, LogLevel.Critical, "The state store failed; no more accepted work is run until Codemate restarts")]
        public static partial void StoreFailed(ILogger logger, Exception exception);

        [LoggerMessage(1103, LogLevel.Information, "Shutdown interrupted work for {Repository}#{Issue}; it stays queued and resumes on the next start")]
        public static partial void Interrupted(ILogger logger, string repository, int issue);
    }
}
