namespace Codemate.Usage;

/// <summary>What a session's agent used of its model, and what that cost by the price table.</summary>
public sealed record SessionUsage
{
    /// <summary>All tokens, every model together.</summary>
    public required TokenCounts Tokens { get; init; }

    /// <summary>
    /// The estimated cost in US dollars of the tokens of models the price table lists; <see langword="null"/> when it
    /// lists none of them.
    /// </summary>
    public decimal? EstimatedCostUsd { get; init; }

    /// <summary>The tokens of each model.</summary>
    public IReadOnlyDictionary<string, TokenCounts> Models { get; init; } = new Dictionary<string, TokenCounts>();

    /// <summary>
    /// <see cref="EstimatedCostUsd"/> split by the UTC day (<c>yyyy-MM-dd</c>) Codemate read it from the agent, the
    /// last 31 days: what the per-repository daily budget adds up, after a restart too.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> CostUsdByUtcDay { get; init; } = new Dictionary<string, decimal>();

    /// <summary>
    /// The usage as the status comment and <c>codemate logs</c> write it:
    /// <c>12,345 input · 678 output · 9,000 cache write · 100,000 cache read tokens · about $0.04</c>.
    /// </summary>
    public string Describe() => UsageText.Describe(this);

    /// <summary>
    /// <see cref="EstimatedCostUsd"/> as Codemate writes dollars (<c>$0.04</c>, or <c>$0.0042</c> below a cent);
    /// <see langword="null"/> when there is no estimate.
    /// </summary>
    public string? DescribeCost() => EstimatedCostUsd is { } cost ? UsageText.Dollars(cost) : null;
}
