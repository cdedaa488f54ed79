using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>Writes a turn as the Messages API does: one JSON message, or the server-sent event stream.</summary>
internal static class MessageWriter
{
    // Real streams arrive in pieces; a few small deltas prove the client joins them.
    private const int TextChunk = 16;

    public static Task WriteJsonAsync(HttpResponse response, string messageId, string model, ScriptedTurn turn, TokenUsage usage, CancellationToken cancellationToken)
    {
        var message = Message(messageId, model, usage);
        message["content"] = new JsonArray(Block(turn, messageId, complete: true));
        message["stop_reason"] = StopReason(turn);
        response.ContentType = "application/json";
        return response.WriteAsync(message.ToJsonString(), cancellationToken);
    }

    public static async Task WriteStreamAsync(HttpResponse response, string messageId, string model, ScriptedTurn turn, TokenUsage usage, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var start = Message(messageId, model, usage with { OutputTokens = 1 });
        await EventAsync(response, "message_start", new JsonObject { ["type"] = "message_start", ["message"] = start }, cancellationToken).ConfigureAwait(false);
        await EventAsync(response, "ping", new JsonObject { ["type"] = "ping" }, cancellationToken).ConfigureAwait(false);
        await EventAsync(response, "content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = Block(turn, messageId, complete: false),
        }, cancellationToken).ConfigureAwait(false);
        foreach (var delta in Deltas(turn))
        {
            await EventAsync(response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = delta }, cancellationToken).ConfigureAwait(false);
        }

        await EventAsync(response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 }, cancellationToken).ConfigureAwait(false);
        await EventAsync(response, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(turn), ["stop_sequence"] = null },
            ["usage"] = UsageEstimate.ToJson(usage),
        }, cancellationToken).ConfigureAwait(false);
        await EventAsync(response, "message_stop", new JsonObject { ["type"] = "message_stop" }, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Message(string messageId, string model, TokenUsage usage) => new()
    {
        ["id"] = messageId,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(),
        ["stop_reason"] = null,
        ["stop_sequence"] = null,
        ["usage"] = UsageEstimate.ToJson(usage),
    };

    private static string StopReason(ScriptedTurn turn) => turn is ToolUseTurn ? "tool_use" : "end_turn";

    private static JsonObject Block(ScriptedTurn turn, string messageId, bool complete) => turn switch
    {
        ToolUseTurn tool => new JsonObject
        {
            ["type"] = "tool_use",
            ["id"] = "toolu_" + messageId["msg_".Length..],
            ["name"] = tool.Name,
            ["input"] = complete ? tool.Input.DeepClone() : new JsonObject(),
        },
        TextTurn text => new JsonObject { ["type"] = "text", ["text"] = complete ? text.Text : "" },
        _ => throw new InvalidOperationException($"Unknown scripted turn {turn.GetType().Name}."),
    };

    private static IEnumerable<JsonObject> Deltas(ScriptedTurn turn)
    {
        if (turn is ToolUseTurn tool)
        {
            var json = tool.Input.ToJsonString();
            var half = json.Length / 2;
            return new[] { json[..half], json[half..] }
                .Where(part => part.Length > 0)
                .Select(part => new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = part });
        }

        var text = ((TextTurn)turn).Text;
        return Enumerable.Range(0, Math.Max(1, (text.Length + TextChunk - 1) / TextChunk))
            .Select(i => text.Substring(i * TextChunk, Math.Min(TextChunk, text.Length - (i * TextChunk))))
            .Select(part => new JsonObject { ["type"] = "text_delta", ["text"] = part });
    }

    private static async Task EventAsync(HttpResponse response, string name, JsonObject data, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n", Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
