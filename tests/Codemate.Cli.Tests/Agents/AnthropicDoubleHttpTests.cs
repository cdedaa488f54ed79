using System.Net;
using System.Text.Json.Nodes;
using Codemate.Testing.AnthropicDouble;

namespace Codemate.Cli.Tests.Agents;

/// <summary>The Anthropic double over plain HTTP: the wire format Claude Code parses, usage, the script and the log.</summary>
public sealed class AnthropicDoubleHttpTests
{
    [Fact]
    public async Task A_streamed_text_turn_arrives_as_the_messages_api_event_sequence()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        api.Enqueue(ScriptedTurn.Reply("A reply long enough to come in several deltas."));

        using var response = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("Hello", stream: true));
        var events = await AnthropicHttp.ReadEventsAsync(response);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var names = events.Select(e => e.Name).Where(n => n != "content_block_delta").ToArray();
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_stop", "message_delta", "message_stop"], names);
        var deltas = events.Where(e => e.Name == "content_block_delta").Select(e => e.Data["delta"]!).ToList();
        Assert.True(deltas.Count > 1);
        Assert.All(deltas, d => Assert.Equal("text_delta", (string?)d["type"]));
        Assert.Equal("A reply long enough to come in several deltas.", string.Concat(deltas.Select(d => (string?)d["text"])));
        var messageDelta = events.Single(e => e.Name == "message_delta").Data;
        Assert.Equal("end_turn", (string?)messageDelta["delta"]!["stop_reason"]);
        Assert.Equal("claude-opus-5-5", (string?)events[0].Data["message"]!["model"]);
        Assert.Equal(api.Requests.Single().Usage, AnthropicHttp.Usage(messageDelta["usage"]));
    }

    [Fact]
    public async Task A_streamed_tool_call_carries_its_input_as_json_deltas_and_stops_for_tool_use()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        api.Enqueue(ScriptedTurn.Bash("ls -la", "List files"));

        using var response = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("List", stream: true));
        var events = await AnthropicHttp.ReadEventsAsync(response);

        var block = events.Single(e => e.Name == "content_block_start").Data["content_block"]!;
        Assert.Equal("tool_use", (string?)block["type"]);
        Assert.Equal("Bash", (string?)block["name"]);
        Assert.StartsWith("toolu_", (string?)block["id"], StringComparison.Ordinal);
        var json = string.Concat(events.Where(e => e.Name == "content_block_delta").Select(e => (string?)e.Data["delta"]!["partial_json"]));
        Assert.Equal("ls -la", (string?)JsonNode.Parse(json)!["command"]);
        Assert.Equal("tool_use", (string?)events.Single(e => e.Name == "message_delta").Data["delta"]!["stop_reason"]);
    }

    [Fact]
    public async Task Usage_is_deterministic_and_every_reported_usage_adds_to_the_total()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        api.Enqueue(ScriptedTurn.Reply("Same answer."), ScriptedTurn.Reply("Same answer."));

        using var firstResponse = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("Same prompt", stream: false));
        using var secondResponse = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("Same prompt", stream: false));
        using var title = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.SessionTitleRequest("Same prompt"));
        var first = AnthropicHttp.Usage(JsonNode.Parse(await firstResponse.Content.ReadAsStringAsync())!["usage"]);
        var second = AnthropicHttp.Usage(JsonNode.Parse(await secondResponse.Content.ReadAsStringAsync())!["usage"]);
        var side = AnthropicHttp.Usage((await AnthropicHttp.ReadEventsAsync(title)).Single(e => e.Name == "message_delta").Data["usage"]);

        Assert.Equal(first, second);
        Assert.True(first.InputTokens > 0 && first.OutputTokens > 0 && first.CacheCreationInputTokens > 0 && first.CacheReadInputTokens > 0, first.ToString());
        Assert.Equal(first + second + side, api.ReportedUsage);
        Assert.Equal(first + second, api.MainConversationUsage);
    }

    [Fact]
    public async Task Side_requests_get_a_schema_shaped_answer_without_consuming_the_script()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        api.Enqueue(ScriptedTurn.Reply("For the conversation."));

        using var title = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.SessionTitleRequest("Fix the parser"));
        var titleText = string.Concat((await AnthropicHttp.ReadEventsAsync(title)).Where(e => e.Name == "content_block_delta").Select(e => (string?)e.Data["delta"]!["text"]));

        Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(titleText)!["title"]));
        Assert.Equal(1, api.PendingTurns);
        Assert.Equal(AnthropicRequestKind.SideRequest, api.Requests.Single().Kind);
    }

    [Fact]
    public async Task The_responder_answers_once_the_queue_is_empty_and_then_the_default_text()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        api.Enqueue(ScriptedTurn.Reply("queued"));
        api.Responder = request => request.UserMessages[^1].Text == "echo me" ? ScriptedTurn.Reply("echoed") : null;

        var answers = new List<string?>();
        foreach (var prompt in new[] { "echo me", "echo me", "anything" })
        {
            using var response = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest(prompt, stream: false));
            answers.Add((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["content"]![0]!["text"]);
        }

        Assert.Equal(["queued", "echoed", api.DefaultText], answers);
    }

    [Fact]
    public async Task Hello_and_count_tokens_answer_and_unknown_paths_get_an_anthropic_style_404()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/hello"));
        using var get = await http.GetAsync(new Uri("api/hello", UriKind.Relative));
        using var count = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("Count me", stream: false), "v1/messages/count_tokens?beta=true");
        using var unknown = await http.GetAsync(new Uri("v1/models?limit=5", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True((long)JsonNode.Parse(await count.Content.ReadAsStringAsync())!["input_tokens"]! > 0);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;
        Assert.Equal("error", (string?)error["type"]);
        Assert.Equal("not_found_error", (string?)error["error"]!["type"]);
        Assert.Equal(
            [("HEAD", "/api/hello"), ("GET", "/api/hello"), ("POST", "/v1/messages/count_tokens?beta=true"), ("GET", "/v1/models?limit=5")],
            api.Requests.Select(r => (r.Method, r.PathAndQuery)));
        Assert.Empty(api.MainConversationRequests);
    }

    [Fact]
    public async Task A_waiter_is_released_by_the_request_that_brings_its_text()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        var waiting = api.WaitForUserTextAsync("the awaited words");
        using var other = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("something else", stream: false));
        Assert.False(waiting.IsCompleted);
        using var awaited = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("with the awaited words", stream: true));
        var request = await waiting;

        Assert.Equal(2, request.Sequence);
        Assert.Equal("with the awaited words", request.UserMessages.Single().Text);
    }

    [Fact]
    public async Task A_request_without_an_api_key_is_refused_and_no_key_value_is_recorded()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        using var keyless = await http.PostAsync(
            new Uri("v1/messages", UriKind.Relative), new StringContent(AnthropicHttp.MainRequest("hi", stream: false).ToJsonString()));
        using var keyed = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.MainRequest("hi", stream: false));

        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        Assert.Equal([false, true], api.Requests.Select(r => r.HadApiKey));
        Assert.DoesNotContain(api.Requests.SelectMany(r => r.Headers), h => h.Value.Contains("sk-ant", StringComparison.Ordinal));
    }
}
