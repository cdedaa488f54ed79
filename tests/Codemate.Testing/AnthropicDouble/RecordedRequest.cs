using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// One request the double received. <paramref name="Headers"/> holds only <see cref="RecordedHeaderNames"/>; the API
/// key is never recorded, only whether one was sent (<paramref name="HadApiKey"/>).
/// </summary>
/// <param name="Sequence">1 for the first request the double received, then counting up.</param>
/// <param name="Body">The parsed JSON body; null when there was none or it was not JSON.</param>
/// <param name="Answer">The turn the double answered a Messages request with (scripted or not).</param>
/// <param name="Usage">The <c>usage</c> the double reported for a Messages request.</param>
public sealed record RecordedRequest(
    long Sequence,
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    bool HadApiKey,
    JsonNode? Body,
    AnthropicRequestKind Kind,
    ScriptedTurn? Answer,
    TokenUsage? Usage)
{
    /// <summary>The headers kept in <see cref="Headers"/>: the ones that tell which client sent what.</summary>
    public static IReadOnlyList<string> RecordedHeaderNames { get; } =
    [
        "anthropic-version", "anthropic-beta", "user-agent", "x-app", "x-claude-code-session-id", "content-type", "x-stainless-retry-count",
    ];

    /// <summary>The <c>model</c> the request asked for.</summary>
    public string? Model => (string?)Body?["model"];

    /// <summary>Whether the request asked for a server-sent event stream.</summary>
    public bool IsStreaming => (bool?)Body?["stream"] ?? false;

    /// <summary>The user messages of the request's <c>messages</c> array (the whole conversation so far).</summary>
    public IReadOnlyList<UserMessage> UserMessages => UserMessage.FromRequestBody(Body);

    /// <summary>The names of the tools the request offered the model.</summary>
    public IReadOnlyList<string> ToolNames =>
        Body?["tools"] is JsonArray tools ? [.. tools.OfType<JsonObject>().Select(t => (string?)t["name"] ?? "")] : [];
}
