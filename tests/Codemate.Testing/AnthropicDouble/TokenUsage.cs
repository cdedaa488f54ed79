namespace Codemate.Testing.AnthropicDouble;

/// <summary>The <c>usage</c> of one answer, or a sum of them, with the Messages API's four token counts.</summary>
public sealed record TokenUsage(long InputTokens, long OutputTokens, long CacheCreationInputTokens, long CacheReadInputTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0, 0);

    /// <summary>Every input token the request carried, cached or not.</summary>
    public long TotalInputTokens => InputTokens + CacheCreationInputTokens + CacheReadInputTokens;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right) => left.Add(right);

    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            InputTokens + other.InputTokens,
            OutputTokens + other.OutputTokens,
            CacheCreationInputTokens + other.CacheCreationInputTokens,
            CacheReadInputTokens + other.CacheReadInputTokens);
    }
}
