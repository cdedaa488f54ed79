using System.Collections.Concurrent;

namespace Codemate.Hosting;

/// <summary>
/// Whether <see cref="WorkDispatcher"/> can run accepted work, for the health check: it says so when it stopped for
/// good or when the state store it reads and completes work through keeps failing. Reasons are short sentences for a
/// public <c>/health</c>; the log has the exceptions.
/// </summary>
internal sealed class DispatcherHealth
{
    // Per step, so reads that succeed do not hide completions that fail, or the other way round.
    private readonly ConcurrentDictionary<string, string> _storeFailures = new(StringComparer.Ordinal);
    private volatile bool _stopped;

    /// <summary>Why accepted work cannot run right now, or <see langword="null"/> while it can.</summary>
    public string? Problem => _stopped
        ? "the work dispatcher stopped; accepted work does not run until Codemate restarts"
        : _storeFailures.Values.Order(StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// Why work cannot run or did not: <see cref="Problem"/>, else the <paramref name="parked"/> items that failed every
    /// attempt; <see langword="null"/> when all is well.
    /// </summary>
    public string? Describe(int parked) => Problem ?? parked switch
    {
        0 => null,
        1 => "1 accepted event failed every attempt and is parked; /status lists it, /codemate retry on its issue runs it again and /codemate discard drops it",
        _ => $"{parked} accepted events failed every attempt and are parked; /status lists them, /codemate retry on their issues runs them again and /codemate discard drops them",
    };

    /// <summary>A state store call of the dispatcher failed while trying to <paramref name="step"/>; it is retried.</summary>
    public void StoreFailed(string step) =>
        _storeFailures[step] = $"the state store failed to {step}; accepted work waits and is retried with back-off";

    /// <summary>A state store call of the dispatcher that tries to <paramref name="step"/> succeeded.</summary>
    public void StoreAnswered(string step) => _storeFailures.TryRemove(step, out _);

    /// <summary>The dispatcher's loop ended without a shutdown asking it to.</summary>
    public void Stopped() => _stopped = true;
}
