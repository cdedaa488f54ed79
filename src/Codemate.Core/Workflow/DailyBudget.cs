using System.Globalization;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Usage;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// The per-repository daily budget (<see cref="WorkflowOptions.MaxDailyCostUsdPerRepository"/>). What a repository
/// spent today is added up from its stored sessions' <see cref="SessionUsage.CostUsdByUtcDay"/>, never kept in memory,
/// so a restart (or a second look the same day) gives the same answer, and a new UTC day starts from nothing.
/// </summary>
internal sealed class DailyBudget(IStateStore store, IOptions<WorkflowOptions> options, TimeProvider time)
{
    private decimal Limit => options.Value.MaxDailyCostUsdPerRepository;

    /// <summary>The repositories among <paramref name="sessions"/> whose sessions reached the budget today.</summary>
    public HashSet<RepositoryName> Exhausted(IReadOnlyList<SessionRecord> sessions)
    {
        if (Limit <= 0)
        {
            return [];
        }

        var today = DailyCost.DayOf(time.GetUtcNow());
        return [.. sessions
            .GroupBy(s => s.Issue.Repository)
            .Where(g => Spent(g, today) >= Limit)
            .Select(g => g.Key)];
    }

    /// <summary>Why <paramref name="repository"/>'s agents may not run now, or <see langword="null"/> while its budget lasts.</summary>
    public async Task<string?> ReasonAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        if (Limit <= 0)
        {
            return null;
        }

        var sessions = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        var spent = Spent(sessions.Where(s => s.Issue.Repository == repository), DailyCost.DayOf(time.GetUtcNow()));
        return spent >= Limit
            ? $"this repository's agents cost about {UsageText.Dollars(spent)} today (UTC), reaching its daily budget of {UsageText.Dollars(Limit)} ({EnvironmentVariables.MaxDailyCostUsdPerRepository})."
            : null;
    }

    /// <summary>When the budget starts again: the next midnight UTC, as the status comment shows it.</summary>
    public string NextDayText() =>
        DailyCost.NextDay(time.GetUtcNow()).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static decimal Spent(IEnumerable<SessionRecord> sessions, string day) =>
        sessions.Sum(s => s.Usage?.CostUsdByUtcDay.GetValueOrDefault(day) ?? 0);
}
