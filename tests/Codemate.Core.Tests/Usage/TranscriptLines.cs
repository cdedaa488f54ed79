using System.Text.Json.Nodes;

namespace Codemate.Core.Tests.Usage;

/// <summary>Lines as Claude Code 2.1.332 writes them to its session transcript (trimmed to the fields that matter).</summary>
internal static class TranscriptLines
{
    public static string User(string text) => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
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
