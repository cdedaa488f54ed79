using System.Collections.Concurrent;
using Codemate.Diagnostics;
using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Usage;

/// <summary>
/// Keeps each session's usage current: reads what its agent appended to its transcripts since the last look, prices
/// it, stores it with the session (so <c>codemate sessions</c>, <c>/status</c> and the status comment show it, after a
/// restart too) and adds what is new to the token and cost metrics and to the cost of the day (<see cref="DailyCost"/>).
/// What was stored before a restart is the baseline, so no token is counted twice.
/// </summary>
internal sealed class UsageTracker(SessionLifecycle lifecycle, SessionPaths paths, PriceTable prices, CodemateMetrics metrics, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Tracked> _sessions = new(StringComparer.Ordinal);

    /// <summary>The session's usage now; stored and counted when it grew. <see langword="null"/> before any.</summary>
    public async Task<SessionUsage?> RefreshAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var tracked = _sessions.GetOrAdd(record.SessionName, name => new Tracked(new AgentUsageReader(paths.AgentDirectory(name)), record.Usage));
        await tracked.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var models = tracked.Reader.Read();
            if (models.Count == 0 || models.Values.Aggregate(TokenCounts.Zero, TokenCounts.Add) == tracked.Reported?.Tokens)
            {
                return tracked.Reported;
            }

            var usage = Price(models);
            usage = usage with { CostUsdByUtcDay = DailyCost.Add(tracked.Reported, usage.EstimatedCostUsd, time.GetUtcNow()) };
            var before = tracked.Reported?.Models;
            foreach (var (model, tokens) in models)
            {
                var added = tokens - (before?.GetValueOrDefault(model) ?? TokenCounts.Zero);
                if (added.Total > 0)
                {
                    metrics.TokensUsed(record.Issue, model, added, prices.Cost(model, added));
                }
            }

            tracked.Reported = usage;
            await lifecycle.UpdateAsync(record.Issue, current => current with { Usage = usage }, cancellationToken).ConfigureAwait(false);
            return usage;
        }
        finally
        {
            tracked.Gate.Release();
        }
    }

    private SessionUsage Price(IReadOnlyDictionary<string, TokenCounts> models)
    {
        decimal? cost = null;
        foreach (var (model, tokens) in models)
        {
            if (prices.Cost(model, tokens) is { } priced)
            {
                cost = (cost ?? 0) + priced;
            }
        }

        return new SessionUsage
        {
            Tokens = models.Values.Aggregate(TokenCounts.Zero, TokenCounts.Add),
            EstimatedCostUsd = cost is { } total ? decimal.Round(total, 8) : null,
            Models = new Dictionary<string, TokenCounts>(models, StringComparer.Ordinal),
        };
    }

    private sealed class Tracked(AgentUsageReader reader, SessionUsage? reported)
    {
        public AgentUsageReader Reader { get; } = reader;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SessionUsage? Reported { get; set; } = reported;
    }
}
