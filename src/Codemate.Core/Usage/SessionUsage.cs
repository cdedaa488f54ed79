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
}
