using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// Deterministic, plausible token counts: about four bytes of request body per input token, split over the three
/// input fields the way a cached Claude Code conversation looks (mostly cache reads, some cache writes, a little
/// uncached), and four characters of answer per output token. Every field is non-zero for a real request, so a sum
/// that mixes up two fields shows.
/// </summary>
internal static class UsageEstimate
{
    public static long InputTokens(long bodyBytes) => Math.Max(1, (bodyBytes + 3) / 4);

    public static TokenUsage For(long bodyBytes, ScriptedTurn answer)
    {
        var input = InputTokens(bodyBytes);
        var uncached = Math.Max(1, input / 10);
        var cacheCreation = input / 5;
        var cacheRead = Math.Max(0, input - uncached - cacheCreation);
        var answerChars = answer switch
        {
            TextTurn text => text.Text.Length,
            ToolUseTurn tool => tool.Name.Length + tool.Input.ToJsonString().Length,
            _ => 0,
        };
        return new TokenUsage(uncached, Math.Max(1, (answerChars + 3) / 4), cacheCreation, cacheRead);
    }

    public static JsonObject ToJson(TokenUsage usage) => new()
    {
        ["input_tokens"] = usage.InputTokens,
        ["cache_creation_input_tokens"] = usage.CacheCreationInputTokens,
        ["cache_read_input_tokens"] = usage.CacheReadInputTokens,
        ["output_tokens"] = usage.OutputTokens,
    };
}
