using System.Collections.Concurrent;
using Codemate.Hosting;
using Codemate.Issues;

namespace Codemate.Testing.Hosting;

/// <summary>What a <see cref="RecordingIssueHandler"/> saw, shared across scopes.</summary>
public sealed class HandledWork
{
    private readonly ConcurrentQueue<(string Phase, IssueWork Work)> _events = new();
    private readonly SemaphoreSlim _signal = new(0);

    /// <summary>What handling an item does between its start and its end: a gate or a delay, to make order and overlap observable.</summary>
    public Func<IssueWork, CancellationToken, Task> Work { get; set; } = (_, _) => Task.CompletedTask;

    public IReadOnlyList<(string Phase, IssueWork Work)> Events => [.. _events];

    public IReadOnlyList<IssueWork> Completed => [.. _events.Where(e => e.Phase == "end").Select(e => e.Work)];

    internal void Record(string phase, IssueWork work)
    {
        _events.Enqueue((phase, work));
        if (phase == "end")
        {
            _signal.Release();
        }
    }

    /// <summary>Waits until <paramref name="count"/> items have completed in total.</summary>
    public async Task WaitForCompletedAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (Completed.Count < count)
        {
            await _signal.WaitAsync(cts.Token);
        }
    }
}

/// <summary>An <see cref="IIssueHandler"/> that records start and end of every call.</summary>
public sealed class RecordingIssueHandler(HandledWork log) : IIssueHandler
{
    public async Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
    {
        log.Record("start", work);
        await log.Work(work, cancellationToken);
        log.Record("end", work);
    }
}
