using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// Tells the main conversation's Messages requests from the side requests Claude Code makes for itself.
/// </summary>
/// <remarks>
/// What Claude Code 2.1.332 sends (observed against this double, print and interactive mode): every model call is
/// <c>POST /v1/messages?beta=true</c> with <c>stream: true</c> and the same model. The main conversation always offers
/// the agent's tool set (12–13 tools, <c>Bash</c> among them) and a system prompt opening with "You are Claude Code"
/// or "You are a Claude agent". The side requests seen so far do not: the session title (interactive mode, unless
/// <c>CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC</c> is set) sends <c>tools: []</c>, one user message wrapping the prompt
/// in <c>&lt;session&gt;</c>, and <c>output_config.format</c> with a JSON schema <c>{title}</c>; older releases'
/// quota check sends <c>max_tokens: 1</c> and no tools. Model and system prompt are no use as a test: side requests
/// share both. So a request is the main conversation when it offers a tool named <c>Bash</c>, asks for no structured
/// output format and may answer more than one token. Sub-agents (the <c>Agent</c> tool) also offer Bash and would be
/// taken for the main conversation; tests that script them should use a responder.
/// </remarks>
internal static class RequestClassifier
{
    public static AnthropicRequestKind Classify(string method, string path, JsonNode? body)
    {
        var isPost = HttpMethods.IsPost(method);
        return path switch
        {
            "/api/hello" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => AnthropicRequestKind.Hello,
            "/v1/messages/count_tokens" when isPost => AnthropicRequestKind.CountTokens,
            "/v1/messages" when isPost && body is JsonObject request =>
                IsMainConversation(request) ? AnthropicRequestKind.MainConversation : AnthropicRequestKind.SideRequest,
            _ => AnthropicRequestKind.Unknown,
        };
    }

    private static bool IsMainConversation(JsonObject request)
    {
        var offersBash = request["tools"] is JsonArray tools && tools.OfType<JsonObject>().Any(t => (string?)t["name"] == "Bash");
        var wantsFormat = request["output_config"]?["format"] is not null;
        var maxTokens = request["max_tokens"] is JsonValue value && value.TryGetValue<long>(out var max) ? max : long.MaxValue;
        return offersBash && !wantsFormat && maxTokens > 1;
    }
}
