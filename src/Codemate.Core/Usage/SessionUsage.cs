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
}
