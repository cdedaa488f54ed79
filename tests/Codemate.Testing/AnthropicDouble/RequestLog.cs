namespace Codemate.Testing.AnthropicDouble;

/// <summary>The requests in arrival order, and the tests waiting for one that matches.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<Waiter> _waiters = [];
    private long _sequence;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests.OrderBy(r => r.Sequence)];
        }
    }

    public void Add(RecordedRequest request)
    {
        List<Waiter> matched;
        lock (_gate)
        {
            _requests.Add(request);
            matched = [.. _waiters.Where(w => w.Predicate(request))];
            _waiters.RemoveAll(matched.Contains);
        }

        foreach (var waiter in matched)
        {
            waiter.Completion.TrySetResult(request);
        }
    }

    /// <summary>The first recorded request that matches, or the next one to arrive; throws naming <paramref name="what"/> on timeout.</summary>
    public async Task<RecordedRequest> WaitAsync(Func<RecordedRequest, bool> predicate, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(predicate, new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            if (_requests.OrderBy(r => r.Sequence).FirstOrDefault(predicate) is { } existing)
            {
                return existing;
            }

            _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}; the double received {Describe(Snapshot())}.");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private static string Describe(IReadOnlyList<RecordedRequest> requests) =>
        requests.Count == 0 ? "no request" : string.Join(", ", requests.Select(r => $"#{r.Sequence} {r.Method} {r.PathAndQuery} ({r.Kind})"));

    private sealed record Waiter(Func<RecordedRequest, bool> Predicate, TaskCompletionSource<RecordedRequest> Completion);
}
