using System.Collections.Concurrent;

namespace Codemate.Hosting;

/// <summary>
/// Work a component starts off the caller's path and still owns: each task is tracked until it ends, so the component
/// can wait for all of it when it is disposed instead of leaving it running against services the container is
/// disposing next (the state store, the tmux host). Each task handles and logs its own failures.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>How many tasks have not ended yet.</summary>
    public int Count => _running.Count;

    /// <summary>Starts <paramref name="work"/> on the thread pool and tracks it until it ends.</summary>
    public void Start(Func<Task> work)
    {
        var task = Task.Run(work, CancellationToken.None);
        _running.TryAdd(task, 0);
        // Registered after the add, so a task that ended at once is still removed.
        _ = task.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when no tracked task runs, including tasks started while waiting. Faults are not rethrown.</summary>
    public async Task SettledAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
