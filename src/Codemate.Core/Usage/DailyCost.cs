using System.Globalization;

namespace Codemate.Usage;

/// <summary>
/// Cost by UTC day. The day a cost counts on is the day Codemate read it from the agent's files, which it does at the
/// end of every turn: close enough to when it was spent, and the same answer on every replica and after a restart,
/// because it is stored with the session (<see cref="SessionUsage.CostUsdByUtcDay"/>).
/// </summary>
internal static class DailyCost
{
    /// <summary>How many days of cost a session keeps; older days no budget asks about.</summary>
    public const int KeptDays = 31;

    /// <summary>The key of <paramref name="at"/>'s UTC day, <c>yyyy-MM-dd</c>.</summary>
    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>When the UTC day of <paramref name="at"/> ends.</summary>
    public static DateTimeOffset NextDay(DateTimeOffset at) => new(at.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    /// <summary>
    /// <paramref name="before"/>'s days with what the cost grew by since (<paramref name="cost"/> minus
    /// <paramref name="before"/>'s) added to <paramref name="now"/>'s day, and days older than <see cref="KeptDays"/> dropped.
    /// </summary>
    internal static Dictionary<string, decimal> Add(SessionUsage? before, decimal? cost, DateTimeOffset now)
    {
        var days = new Dictionary<string, decimal>(before?.CostUsdByUtcDay ?? new Dictionary<string, decimal>(), StringComparer.Ordinal);
        var added = (cost ?? 0) - (before?.EstimatedCostUsd ?? 0);
        if (added > 0)
        {
            var today = DayOf(now);
            days[today] = days.GetValueOrDefault(today) + added;
        }

        var oldest = DayOf(now.AddDays(-KeptDays));
        foreach (var day in days.Keys.Where(d => string.CompareOrdinal(d, oldest) < 0).ToList())
        {
            days.Remove(day);
        }

        return days;
    }
}
