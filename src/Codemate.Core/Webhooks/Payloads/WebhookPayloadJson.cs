using System.Text.Json.Serialization;

namespace Codemate.Webhooks.Payloads;

/// <summary>
/// Source-generated readers for the payloads Codemate handles: no reflection and no model of fields it never reads.
/// The depth limit is the configurable one's ceiling; <see cref="PayloadScan"/> has already applied the configured one.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, MaxDepth = 512)]
[JsonSerializable(typeof(IssuesPayload))]
[JsonSerializable(typeof(IssueCommentPayload))]
[JsonSerializable(typeof(PullRequestPayload))]
internal sealed partial class WebhookPayloadJson : JsonSerializerContext;
