using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Reads a supervisor's event channel as the workflow would, so tests can wait for what it published.</summary>
internal sealed class SessionEventLog : IAsyncDisposable
{
    private readonly List<AgentStatusChanged> _changes = [];
    private readonly List<(Func<AgentStatusChanged, bool> Match, TaskCompletionSource<AgentStatusChanged> Seen)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public SessionEventLog(SessionEventChannel channel) => _reading = ReadAsync(channel, _stop.Token);

    /// <summary>Every status the agents reported so far, oldest first.</summary>
    public IReadOnlyList<AgentStatus> Statuses()
    {
        lock (_changes)
        {
            return [.. _changes.Select(c => c.Current)];
        }
    }

    /// <summary>The first change (already seen or still to come) that matches.</summary>
    public Task<AgentStatusChanged> WaitForAsync(Func<AgentStatusChanged, bool> match, TimeSpan? timeout = null)
    {
        var seen = new TaskCompletionSource<AgentStatusChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_changes)
        {
            if (_changes.FirstOrDefault(match) is { } earlier)
            {
                return Task.FromResult(earlier);
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(SessionEventChannel channel, CancellationToken cancellationToken)
    {
        await foreach (var sessionEvent in channel.Reader.ReadAllAsync(cancellationToken))
        {
            channel.Consumed(sessionEvent);
            if (sessionEvent is not AgentStatusChanged change)
            {
                continue;
            }

            lock (_changes)
            {
                _changes.Add(change);
                foreach (var waiter in _waiters.Where(w => w.Match(change)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult(change);
                }
            }
        }
    }
}
