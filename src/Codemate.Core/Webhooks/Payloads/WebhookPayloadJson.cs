using System.Text.Json.Serialization;

namespace Codemate.Webhooks.Payloads;

/// <summary>
/// Source-generated readers for the payloads Codemate handles: no reflection and no model of fields it never reads.
/// The depth limit here is the configurable one's ceiling: the one-pass read applies the configured limit itself
/// (EventRouter.TryRouteInOnePass), and the scan-then-route path has applied it before reading.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, MaxDepth = 512)]
[JsonSerializable(typeof(IssuesPayload))]
[JsonSerializable(typeof(IssueCommentPayload))]
[JsonSerializable(typeof(PullRequestPayload))]
[JsonSerializable(typeof(ReviewCommentPayload))]
[JsonSerializable(typeof(ReviewPayload))]
[JsonSerializable(typeof(CheckRunPayload))]
[JsonSerializable(typeof(WorkflowRunPayload))]
internal sealed partial class WebhookPayloadJson : JsonSerializerContext;
