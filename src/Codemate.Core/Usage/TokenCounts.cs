namespace Codemate.Usage;

/// <summary>Model tokens with the Messages API's four counts: a sum over many calls, or what one call used.</summary>
/// <param name="InputTokens">Input tokens read without the prompt cache.</param>
/// <param name="OutputTokens">Tokens the model wrote.</param>
/// <param name="CacheCreationInputTokens">Input tokens written to the prompt cache.</param>
/// <param name="CacheReadInputTokens">Input tokens read from the prompt cache.</param>
public sealed record TokenCounts(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenCounts Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Every token, cached or not, read or written.</summary>
    public long Total => InputTokens + OutputTokens + CacheCreationInputTokens + CacheReadInputTokens;

    /// <summary>The sum of two counts.</summary>
    public static TokenCounts operator +(TokenCounts left, TokenCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            left.InputTokens + right.InputTokens,
            left.OutputTokens + right.OutputTokens,
            left.CacheCreationInputTokens + right.CacheCreationInputTokens,
            left.CacheReadInputTokens + right.CacheReadInputTokens);
    }

    /// <summary>What <paramref name="left"/> has beyond <paramref name="right"/>, never below zero per count.</summary>
    public static TokenCounts operator -(TokenCounts left, TokenCounts right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(
            Math.Max(0, left.InputTokens - right.InputTokens),
            Math.Max(0, left.OutputTokens - right.OutputTokens),
            Math.Max(0, left.CacheCreationInputTokens - right.CacheCreationInputTokens),
            Math.Max(0, left.CacheReadInputTokens - right.CacheReadInputTokens));
    }

    /// <summary>The sum of two counts.</summary>
    public static TokenCounts Add(TokenCounts left, TokenCounts right) => left + right;

    /// <summary>What <paramref name="left"/> has beyond <paramref name="right"/>.</summary>
    public static TokenCounts Subtract(TokenCounts left, TokenCounts right) => left - right;
}
