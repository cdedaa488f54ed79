using System.Text.Json;

namespace Codemate.Usage;

/// <summary>
/// Reads the two usage formats: Claude Code's transcript entries and the lines a <c>command</c> agent writes to
/// <c>CODEMATE_USAGE_FILE</c>. Both name the counts as the Messages API's <c>usage</c> does. The agent writes both files,
/// so nothing in them is trusted: a line that is not an object with non-negative counts is skipped.
/// </summary>
internal static class UsageJson
{
    private const int MaxDepth = 64;

    /// <summary>
    /// An assistant entry of Claude Code's transcript (<c>{"type":"assistant","message":{"id","model","usage"}}</c>).
    /// Claude Code writes one entry per content block of an answer, each with the answer's usage, so
    /// <paramref name="messageId"/> is what makes the sum count each answer once.
    /// </summary>
    public static bool TryReadTranscriptEntry(ReadOnlyMemory<byte> line, out string messageId, out string model, out TokenCounts tokens)
    {
        messageId = model = string.Empty;
        tokens = TokenCounts.Zero;
        // Most entries are prompts, tool results and bookkeeping: skip them before parsing.
        if (line.Span.IndexOf("\"usage\""u8) < 0 || line.Span.IndexOf("\"assistant\""u8) < 0)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || !type.ValueEquals("assistant")
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("usage", out var usage)
                || !TryReadCounts(usage, out tokens))
            {
                return false;
            }

            messageId = String(message, "id") ?? String(root, "requestId") ?? String(root, "uuid") ?? string.Empty;
            model = String(message, "model") ?? "unknown";
            return messageId.Length > 0 && tokens.Total > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One line of <c>CODEMATE_USAGE_FILE</c>: <c>{"model": "...", "input_tokens": 1, "output_tokens": 2, ...}</c>.</summary>
    public static bool TryReadUsageLine(ReadOnlyMemory<byte> line, out string model, out TokenCounts tokens)
    {
        model = string.Empty;
        tokens = TokenCounts.Zero;
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (!TryReadCounts(document.RootElement, out tokens))
            {
                return false;
            }

            model = String(document.RootElement, "model") ?? "unknown";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadCounts(JsonElement usage, out TokenCounts tokens)
    {
        tokens = TokenCounts.Zero;
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!TryCount(usage, "input_tokens", out var input) || !TryCount(usage, "output_tokens", out var output)
            || !TryCount(usage, "cache_creation_input_tokens", out var cacheCreation) || !TryCount(usage, "cache_read_input_tokens", out var cacheRead))
        {
            return false;
        }

        tokens = new TokenCounts(input, output, cacheCreation, cacheRead);
        return true;
    }

    // A missing count is zero; a count that is not a whole number from 0 to a trillion makes the line unreadable.
    private static bool TryCount(JsonElement usage, string name, out long count)
    {
        count = 0;
        if (!usage.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out count) && count is >= 0 and <= 1_000_000_000_000;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 200 } text
            ? text
            : null;
}
