using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// One <c>user</c> message of a Messages request, as plain text: its text blocks (or its string content) and, apart,
/// its <c>tool_result</c> blocks.
/// </summary>
public sealed record UserMessage(IReadOnlyList<string> TextBlocks, IReadOnlyList<ToolResult> ToolResults)
{
    private const string ReminderStart = "<system-reminder>";

    /// <summary>
    /// The text blocks joined by newlines, without the <c>&lt;system-reminder&gt;</c> blocks Claude Code adds before
    /// the user's words: for a prompt, exactly what was typed.
    /// </summary>
    public string Text => string.Join('\n', TextBlocks.Where(b => !b.TrimStart().StartsWith(ReminderStart, StringComparison.Ordinal)));

    /// <summary>True when the message only carries tool results, i.e. Claude Code answering a tool call, not the user typing.</summary>
    public bool IsToolResultOnly => ToolResults.Count > 0 && Text.Length == 0;

    /// <summary>The user messages in the <c>messages</c> array of a Messages request body, in order.</summary>
    public static IReadOnlyList<UserMessage> FromRequestBody(JsonNode? body)
    {
        if (body?["messages"] is not JsonArray messages)
        {
            return [];
        }

        return [.. messages.OfType<JsonObject>().Where(m => (string?)m["role"] == "user").Select(m => Parse(m["content"]))];
    }

    private static UserMessage Parse(JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return new([text], []);
        }

        var texts = new List<string>();
        var results = new List<ToolResult>();
        foreach (var block in (content as JsonArray ?? []).OfType<JsonObject>())
        {
            switch ((string?)block["type"])
            {
                case "text":
                    texts.Add((string?)block["text"] ?? "");
                    break;
                case "tool_result":
                    results.Add(new ToolResult((string?)block["tool_use_id"] ?? "", PlainText(block["content"]), (bool?)block["is_error"] ?? false));
                    break;
            }
        }

        return new(texts, results);
    }

    private static string PlainText(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray blocks => string.Join('\n', blocks.OfType<JsonObject>().Where(b => (string?)b["type"] == "text").Select(b => (string?)b["text"] ?? "")),
        _ => "",
    };
}
