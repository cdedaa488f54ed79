using Codemate.Usage;

namespace Codemate.Core.Tests.Usage;

public sealed class DailyCostTests
{
    private static readonly DateTimeOffset LateOnMarch1 = new(2026, 3, 1, 23, 59, 0, TimeSpan.FromHours(-5));

    [Fact]
    public void The_day_is_the_UTC_day_whatever_the_offset_of_the_clock()
    {
        Assert.Equal("2026-03-02", DailyCost.DayOf(LateOnMarch1));
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), DailyCost.NextDay(LateOnMarch1));
    }

    [Fact]
    public void Only_what_the_cost_grew_by_is_added_to_today_and_days_older_than_a_month_are_dropped()
    {
        var before = new SessionUsage
        {
            Tokens = TokenCounts.Zero,
            EstimatedCostUsd = 2.5m,
            CostUsdByUtcDay = new Dictionary<string, decimal> { ["2026-01-01"] = 1m, ["2026-03-01"] = 1.5m },
        };

        var days = DailyCost.Add(before, 3m, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new Dictionary<string, decimal> { ["2026-03-01"] = 2m }, days);
    }

    [Fact]
    public void A_cost_that_did_not_grow_adds_nothing()
    {
        var before = new SessionUsage { Tokens = TokenCounts.Zero, EstimatedCostUsd = 2m, CostUsdByUtcDay = new Dictionary<string, decimal> { ["2026-03-01"] = 2m } };

        Assert.Equal(new Dictionary<string, decimal> { ["2026-03-01"] = 2m }, DailyCost.Add(before, 1m, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Empty(DailyCost.Add(null, null, LateOnMarch1));
    }
}
