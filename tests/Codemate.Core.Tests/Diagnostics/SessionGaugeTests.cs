using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Diagnostics;

public sealed class SessionGaugeTests : IDisposable
{
    private static readonly RepositoryName Repository = RepositoryName.Create("octo", "repo");
    private readonly TempDirectory _temp = new("gauges");
    private readonly SqliteStateStore _store;

    public SessionGaugeTests() =>
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _temp.Combine("state.db") }), TimeProvider.System);

    [Fact]
    public async Task The_gauges_show_the_stored_sessions_by_state_the_text_waiting_for_agents_and_the_parked_work()
    {
        var metrics = CodemateMetrics.Standalone();
        _ = new SessionGauges(metrics, _store, TimeProvider.System, NullLogger<SessionGauges>.Instance);
        using var sessions = new MetricCollector<long>(metrics.Meter, "codemate.sessions");
        using var waiting = new MetricCollector<long>(metrics.Meter, "codemate.agent.text.waiting");
        using var parked = new MetricCollector<long>(metrics.Meter, "codemate.work.parked");
        await SaveAsync(1, SessionState.Running);
        await SaveAsync(2, SessionState.Running);
        await SaveAsync(3, SessionState.Queued);
        await _store.EnqueueMessageAsync(new IssueKey(Repository, 3), "the issue's prompt", CancellationToken.None);
        await _store.EnqueueMessageAsync(new IssueKey(Repository, 3), "a comment", CancellationToken.None);

        var failed = (await _store.TryAcceptAsync("failed", new IssueOpened
        {
            Issue = new IssueKey(Repository, 4),
            Details = new IssueDetails("t", "b", "alice", string.Empty, []),
            DeliveryId = "failed",
            Sender = new Actor("alice", false),
        }, CancellationToken.None))!;
        await _store.ParkWorkAsync(failed, attempts: 6, "it failed on every attempt", CancellationToken.None);

        sessions.RecordObservableInstruments();
        waiting.RecordObservableInstruments();
        parked.RecordObservableInstruments();

        var byState = sessions.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["state"]!, m => m.Value);
        Assert.Equal(2, byState["running"]);
        Assert.Equal(1, byState["queued"]);
        Assert.Equal(0, byState["failed"]);
        Assert.Equal(2, Assert.Single(waiting.GetMeasurementSnapshot()).Value);
        Assert.Equal(1, Assert.Single(parked.GetMeasurementSnapshot()).Value);
    }

    private Task SaveAsync(int number, SessionState state)
    {
        var issue = new IssueKey(Repository, number);
        return _store.TryCreateSessionAsync(new SessionRecord { Issue = issue, SessionName = $"s{number}", Branch = issue.Branch, State = state }, CancellationToken.None);
    }

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }
}
