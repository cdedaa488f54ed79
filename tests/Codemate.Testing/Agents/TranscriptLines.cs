using System.Text.Json.Nodes;

namespace Codemate.Testing.Agents;

/// <summary>Lines as Claude Code 2.1.332 writes them to its session transcript (trimmed to the fields that matter).</summary>
public static class TranscriptLines
{
    public static string User(string text, string timestamp = "2026-03-01T10:00:00.000Z") => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
        ["uuid"] = Guid.NewGuid().ToString(),
        ["timestamp"] = timestamp,
    }.ToJsonString();

    /// <summary>The result of a tool call, which Claude Code records as a user entry too.</summary>
    public static string ToolResult(string toolUseId, string output) => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["tool_use_id"] = toolUseId, ["type"] = "tool_result", ["content"] = output }),
        },
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();

    /// <summary>A <c>tool_use</c> block of an answer, as its own entry; <paramref name="input"/> is the tool's input object.</summary>
    public static string ToolUse(string messageId, string toolUseId, string tool, JsonObject input, bool sidechain = false) => new JsonObject
    {
        ["isSidechain"] = sidechain,
        ["message"] = new JsonObject
        {
            ["id"] = messageId,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-opus-5-5",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = tool, ["input"] = input }),
            ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 },
        },
        ["type"] = "assistant",
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();

    /// <summary>One content block of an answer; Claude Code writes one such entry per block, each with the answer's usage.</summary>
    public static string Assistant(string messageId, long input, long output, long cacheCreation, long cacheRead, string model = "claude-opus-5-5") => new JsonObject
    {
        ["parentUuid"] = Guid.NewGuid().ToString(),
        ["isSidechain"] = false,
        ["message"] = new JsonObject
        {
            ["id"] = messageId,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Done." }),
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = input,
                ["cache_creation_input_tokens"] = cacheCreation,
                ["cache_read_input_tokens"] = cacheRead,
                ["output_tokens"] = output,
                ["service_tier"] = "standard",
                ["cache_creation"] = new JsonObject { ["ephemeral_1h_input_tokens"] = 0, ["ephemeral_5m_input_tokens"] = 0 },
            },
        },
        ["requestId"] = "req_" + messageId,
        ["type"] = "assistant",
        ["uuid"] = Guid.NewGuid().ToString(),
    }.ToJsonString();
}
