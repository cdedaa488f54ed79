using System.Text.Json.Serialization;

namespace Codemate.AspNetCore;

/// <summary>The JSON body of every webhook answer: what happened and why.</summary>
internal sealed record WebhookAnswer(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(WebhookAnswer))]
internal sealed partial class WebhookAnswerJson : JsonSerializerContext;
