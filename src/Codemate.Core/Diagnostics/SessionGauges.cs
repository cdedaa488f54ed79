using System.Diagnostics.Metrics;
using Codemate.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Diagnostics;

/// <summary>
/// The gauges: sessions by state, text waiting for agents and parked work, read from the state store when a collector
/// asks (a Prometheus scrape, an OTLP export), so they are never stale. The gauges of one collection share one read. A
/// hosted service only so that the gauges exist from the start.
/// </summary>
internal sealed partial class SessionGauges : IHostedService
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(5);
    private static readonly SessionState[] States = Enum.GetValues<SessionState>();
    private readonly IStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionGauges> _logger;
    private readonly Lock _lock = new();
    private Snapshot? _last;

    public SessionGauges(CodemateMetrics metrics, IStateStore store, TimeProvider time, ILogger<SessionGauges> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("codemate.sessions", ObserveSessions, "{session}", "Sessions Codemate knows, by state.");
        metrics.Meter.CreateObservableGauge("codemate.agent.text.waiting", ObserveWaiting, "{message}", "Prompts and comments queued for agents, not yet pasted.");
        metrics.Meter.CreateObservableGauge("codemate.work.parked", ObserveParked, "{work}", "Accepted work parked in the dead-letter table, waiting for /codemate retry.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<Measurement<long>> ObserveSessions()
    {
        if (Read() is not { } snapshot)
        {
            return [];
        }

        // Every state, zeros included, so a state's series never vanishes when its last session leaves it.
        return States.Select(state => new Measurement<long>(
            snapshot.Sessions.GetValueOrDefault(state),
            new KeyValuePair<string, object?>(TelemetryTags.State, state.ToString().ToLowerInvariant())));
    }

    private IEnumerable<Measurement<long>> ObserveWaiting() =>
        Read() is { } snapshot ? [new Measurement<long>(snapshot.Waiting)] : [];

    private IEnumerable<Measurement<long>> ObserveParked() =>
        Read() is { } snapshot ? [new Measurement<long>(snapshot.Parked)] : [];

    private Snapshot? Read()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_last is { } last && now - last.At < Reuse)
            {
                return last;
            }

            try
            {
                // Collectors call synchronously; the store answers from one local SQLite file in microseconds.
                using var limit = new CancellationTokenSource(ReadLimit);
                var sessions = _store.GetSessionsAsync(limit.Token).GetAwaiter().GetResult();
                var waiting = _store.CountMessagesAsync(limit.Token).GetAwaiter().GetResult();
                var parked = _store.GetParkedWorkAsync(limit.Token).GetAwaiter().GetResult().Count;
                _last = new Snapshot(now, sessions.GroupBy(s => s.State).ToDictionary(g => g.Key, g => (long)g.Count()), waiting, parked);
                return _last;
            }
            catch (Exception exception) when (exception is CodemateException or OperationCanceledException or ObjectDisposedException)
            {
                Log.ReadFailed(_logger, exception);
                return null;
            }
        }
    }

    private sealed record Snapshot(DateTimeOffset At, Dictionary<SessionState, long> Sessions, long Waiting, long Parked);

    private static partial class Log
    {
        [LoggerMessage(9501, LogLevel.Warning, "The session gauges could not read the state store; this collection has no session metrics")]
        public static partial void ReadFailed(ILogger logger, Exception exception);
    }
}
