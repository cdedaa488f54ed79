using System.Text.Json.Serialization;

namespace Codemate.Cli.Commands;

internal sealed record SessionRow(
    [property: JsonPropertyName("issue")] string Issue,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("branch")] string Branch,
    [property: JsonPropertyName("pr_url")] string? PullRequestUrl,
    [property: JsonPropertyName("tmux_active")] bool TmuxActive,
    [property: JsonPropertyName("queued_comments")] int QueuedComments,
    [property: JsonPropertyName("session_name")] string SessionName,
    [property: JsonPropertyName("parked_work")] int ParkedWork);

[JsonSerializable(typeof(List<SessionRow>))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class CliJson : JsonSerializerContext;
