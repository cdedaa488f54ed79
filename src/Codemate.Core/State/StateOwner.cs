using System.Text.Json.Serialization;

namespace Codemate.State;

/// <summary>
/// What the process owning a state database says about itself in <c>{database}.owner</c>: its process id and, for
/// <c>codemate serve</c>, where it takes webhooks, so <c>codemate receive</c> can hand an event to it.
/// </summary>
/// <param name="ProcessId">The owner's process id.</param>
/// <param name="Webhook">The owner's webhook endpoint on this machine, if it serves HTTP.</param>
internal sealed record StateOwner(
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("webhook")] Uri? Webhook);

[JsonSerializable(typeof(StateOwner))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class StateOwnerJson : JsonSerializerContext;
