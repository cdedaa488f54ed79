using Codemate.Usage;
using Codemate.Testing;

namespace Codemate.Core.Tests.Usage;

public sealed class PriceTableTests
{
    [Fact]
    public void The_shipped_table_prices_a_session_as_Claude_Code_itself_did()
    {
        // What Claude Code 2.1.332 reported as total_cost_usd for these tokens of claude-opus-5-5.
        var cost = PriceTable.Shipped().Cost("claude-opus-5-5", new TokenCounts(2468, 14, 4936, 17281));

        Assert.Equal(0.0382882m, cost);
    }

    [Fact]
    public void A_dated_model_id_takes_the_price_of_its_longest_listed_prefix_and_an_unlisted_model_has_none()
    {
        var prices = PriceTable.Shipped();

        Assert.Equal(3m, prices.For("claude-sonnet-4-5-20250929")!.Input);
        Assert.Equal(2m, prices.For("claude-sonnet-5-5")!.Input);
        Assert.Equal(0.1m, prices.For("claude-sonnet-5-5")!.CacheRead);
        Assert.Null(prices.Cost("gpt-x", new TokenCounts(1, 1, 1, 1)));
    }

    [Fact]
    public void The_shipped_table_says_when_its_prices_were_taken()
    {
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", PriceTable.Shipped().Taken);
    }

    [Fact]
    public void An_operators_table_replaces_the_shipped_one_and_a_broken_one_is_refused_with_the_variable_named()
    {
        using var temp = new TempDirectory("prices");
        var good = temp.Combine("prices.json");
        File.WriteAllText(good, """{"taken":"2027-01-01","per_million_tokens":{"my-model":{"input":1,"output":2,"cache_write":3,"cache_read":4}}}""");
        var broken = temp.Combine("broken.json");
        File.WriteAllText(broken, """{"taken":"2027-01-01","per_million_tokens":{}}""");

        Assert.Equal(10m, PriceTable.Load(good).Cost("my-model", new TokenCounts(1_000_000, 1_000_000, 1_000_000, 1_000_000)));
        Assert.Contains("no models", Assert.Throws<CodemateException>(() => PriceTable.Load(broken)).Message, StringComparison.Ordinal);
        Assert.Contains("CODEMATE_PRICES_FILE", Assert.Throws<CodemateException>(() => PriceTable.Load(temp.Combine("missing.json"))).Message, StringComparison.Ordinal);
    }
}
