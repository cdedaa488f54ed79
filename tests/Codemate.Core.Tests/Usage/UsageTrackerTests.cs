using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Usage;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Usage;

public sealed class UsageTrackerTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);

    // Not the preferred name: the session's files are found by the name its record holds.
    private static readonly string SessionName = SessionNames.Disambiguated(Issue);
    private readonly TempDirectory _root = new("usage-tracker");
    private readonly SqliteStateStore _store;
    private readonly SessionPaths _paths;
    private readonly string _transcript;

    public UsageTrackerTests()
    {
        var options = Options.Create(new CodemateOptions { WorkspacesRoot = _root.Path });
        _store = new SqliteStateStore(options, TimeProvider.System);
        _paths = new SessionPaths(options);
        var project = Directory.CreateDirectory(Path.Combine(_paths.AgentDirectory(SessionName), "claude", "projects", "-w")).FullName;
        _transcript = Path.Combine(project, "session.jsonl");
    }

    [Fact]
    public async Task Usage_is_stored_with_the_session_priced_and_counted_in_the_metrics_once()
    {
        var metrics = CodemateMetrics.Standalone();
        using var tokens = new MetricCollector<long>(metrics.Meter, "codemate.agent.tokens");
        using var cost = new MetricCollector<double>(metrics.Meter, "codemate.agent.cost.usd");
        var record = await SaveAsync();
        File.AppendAllLines(_transcript, [TranscriptLines.Assistant("msg_1", 2468, 14, 4936, 17281)]);
        var tracker = new UsageTracker(new SessionLifecycle(_store), _paths, PriceTable.Shipped(), metrics, TimeProvider.System);

        var usage = await tracker.RefreshAsync(record, CancellationToken.None);
        await tracker.RefreshAsync(record, CancellationToken.None);

        Assert.Equal(0.0382882m, usage!.EstimatedCostUsd);
        Assert.Equal(usage.Tokens, (await _store.GetSessionAsync(Issue, CancellationToken.None))!.Usage!.Tokens);
        var byType = tokens.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["type"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["input"] = 2468, ["output"] = 14, ["cache_creation"] = 4936, ["cache_read"] = 17281 }, byType);
        Assert.All(tokens.GetMeasurementSnapshot(), m => Assert.Equal("claude-opus-5-5", m.Tags["model"]));
        Assert.Equal(0.0382882, Assert.Single(cost.GetMeasurementSnapshot()).Value, 1e-9);
    }

    [Fact]
    public async Task After_a_restart_only_tokens_used_since_the_stored_usage_are_counted_again()
    {
        File.AppendAllLines(_transcript, [TranscriptLines.Assistant("msg_1", 100, 10, 0, 0)]);
        await new UsageTracker(new SessionLifecycle(_store), _paths, PriceTable.Shipped(), CodemateMetrics.Standalone(), TimeProvider.System).RefreshAsync(await SaveAsync(), CancellationToken.None);
        File.AppendAllLines(_transcript, [TranscriptLines.Assistant("msg_2", 5, 1, 0, 0)]);
        var metrics = CodemateMetrics.Standalone();
        using var tokens = new MetricCollector<long>(metrics.Meter, "codemate.agent.tokens");

        var stored = (await _store.GetSessionAsync(Issue, CancellationToken.None))!;
        var usage = await new UsageTracker(new SessionLifecycle(_store), _paths, PriceTable.Shipped(), metrics, TimeProvider.System).RefreshAsync(stored, CancellationToken.None);

        Assert.Equal(new TokenCounts(105, 11, 0, 0), usage!.Tokens);
        Assert.Equal(5, tokens.GetMeasurementSnapshot().Single(m => (string)m.Tags["type"]! == "input").Value);
    }

    [Fact]
    public async Task Cost_counts_on_the_UTC_day_it_was_read_and_the_days_are_stored_with_the_session()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 23, 50, 0, TimeSpan.Zero));
        var record = await SaveAsync();
        File.AppendAllLines(_transcript, [TranscriptLines.Assistant("msg_1", 2468, 14, 4936, 17281)]);
        await new UsageTracker(new SessionLifecycle(_store), _paths, PriceTable.Shipped(), CodemateMetrics.Standalone(), clock).RefreshAsync(record, CancellationToken.None);

        // Past midnight UTC, read by a new tracker (a restart): only the cost added since counts on the new day.
        clock.Advance(TimeSpan.FromMinutes(20));
        File.AppendAllLines(_transcript, [TranscriptLines.Assistant("msg_2", 2468, 14, 4936, 17281)]);
        var stored = (await _store.GetSessionAsync(Issue, CancellationToken.None))!;
        var usage = await new UsageTracker(new SessionLifecycle(_store), _paths, PriceTable.Shipped(), CodemateMetrics.Standalone(), clock).RefreshAsync(stored, CancellationToken.None);

        Assert.Equal(new Dictionary<string, decimal> { ["2026-03-01"] = 0.0382882m, ["2026-03-02"] = 0.0382882m }, usage!.CostUsdByUtcDay);
        Assert.Equal(usage.CostUsdByUtcDay, (await _store.GetSessionAsync(Issue, CancellationToken.None))!.Usage!.CostUsdByUtcDay);
    }

    private async Task<SessionRecord> SaveAsync()
    {
        var record = new SessionRecord { Issue = Issue, SessionName = SessionName, Branch = Issue.Branch, State = SessionState.Running };
        Assert.True(await _store.TryCreateSessionAsync(record, CancellationToken.None));
        return record;
    }

    public void Dispose()
    {
        _store.Dispose();
        _root.Dispose();
    }
}
