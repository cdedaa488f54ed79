using System.Globalization;

namespace Codemate.Usage;

/// <summary>How usage reads in the status comment and the operator commands.</summary>
internal static class UsageText
{
    /// <summary><c>12,345 input · 678 output · 9,000 cache write · 100,000 cache read tokens · about $0.04</c>.</summary>
    public static string Describe(SessionUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var tokens = usage.Tokens;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{tokens.InputTokens:N0} input · {tokens.OutputTokens:N0} output · {tokens.CacheCreationInputTokens:N0} cache write · {tokens.CacheReadInputTokens:N0} cache read tokens");
        return usage.EstimatedCostUsd is { } cost ? text + " · about " + Dollars(cost) : text;
    }

    /// <summary>Dollars with cents, or with four decimals below a cent.</summary>
    public static string Dollars(decimal amount) =>
        amount is > 0 and < 0.01m
            ? amount.ToString("$0.0000", CultureInfo.InvariantCulture)
            : amount.ToString("$#,0.00", CultureInfo.InvariantCulture);
}
