using System.Text;
using System.Text.Json.Nodes;
using Codemate.Testing.AnthropicDouble;

namespace Codemate.Cli.Tests.Agents;

/// <summary>Messages requests shaped like Claude Code's, and a reader for the server-sent events that answer them.</summary>
internal static class AnthropicHttp
{
    public static async Task<HttpResponseMessage> PostMessagesAsync(HttpClient http, JsonObject body, string path = "v1/messages?beta=true")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", AnthropicDouble.TestApiKey);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await http.SendAsync(request);
    }

    /// <summary>A main-conversation request: the agent's tools (Bash among them) and one user prompt.</summary>
    public static JsonObject MainRequest(string prompt, bool stream) => new()
    {
        ["model"] = "claude-opus-5-5",
        ["max_tokens"] = 32000,
        ["stream"] = stream,
        ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "You are Claude Code, Anthropic's official CLI for Claude." }),
        ["tools"] = new JsonArray(
            new JsonObject { ["name"] = "Bash", ["input_schema"] = new JsonObject { ["type"] = "object" } },
            new JsonObject { ["name"] = "Read", ["input_schema"] = new JsonObject { ["type"] = "object" } }),
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "text", ["text"] = "<system-reminder>\nA reminder.\n</system-reminder>\n" },
                new JsonObject { ["type"] = "text", ["text"] = prompt }),
        }),
    };

    /// <summary>The session-title request of Claude Code 2.1.332: no tools, the prompt in &lt;session&gt;, a JSON schema output format.</summary>
    public static JsonObject SessionTitleRequest(string prompt) => new()
    {
        ["model"] = "claude-opus-5-5",
        ["max_tokens"] = 128000,
        ["stream"] = true,
        ["system"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "You are naming a coding session so the user can pick it out of a long list of sessions." }),
        ["tools"] = new JsonArray(),
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = $"<session>\n{prompt}\n</session>" }),
        }),
        ["output_config"] = new JsonObject
        {
            ["format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["schema"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "string" } },
                    ["required"] = new JsonArray("title"),
                },
            },
        },
    };

    /// <summary>The events of a server-sent event stream, as (event name, data) in order; checks each event's data names the same type.</summary>
    public static async Task<IReadOnlyList<(string Name, JsonObject Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var events = new List<(string, JsonObject)>();
        foreach (var frame in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = frame.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            var data = (JsonObject)JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal(name, (string?)data["type"]);
            events.Add((name, data));
        }

        return events;
    }

    public static TokenUsage Usage(JsonNode? usage) => new(
        (long)usage!["input_tokens"]!, (long)usage["output_tokens"]!, (long)usage["cache_creation_input_tokens"]!, (long)usage["cache_read_input_tokens"]!);
}
