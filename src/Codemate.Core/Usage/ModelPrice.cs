using System.Text.Json.Serialization;

namespace Codemate.Usage;

/// <summary>One model's list prices, in US dollars per million tokens.</summary>
internal sealed record ModelPrice(
    [property: JsonPropertyName("input")] decimal Input,
    [property: JsonPropertyName("output")] decimal Output,
    [property: JsonPropertyName("cache_write")] decimal CacheWrite,
    [property: JsonPropertyName("cache_read")] decimal CacheRead)
{
    /// <summary>What <paramref name="tokens"/> cost at these prices.</summary>
    public decimal Cost(TokenCounts tokens) =>
        ((tokens.InputTokens * Input) + (tokens.OutputTokens * Output)
            + (tokens.CacheCreationInputTokens * CacheWrite) + (tokens.CacheReadInputTokens * CacheRead)) / 1_000_000m;
}
