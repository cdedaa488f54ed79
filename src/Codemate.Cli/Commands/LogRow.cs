using System.Text.Json.Serialization;
using Codemate.State;
using Codemate.Usage;

namespace Codemate.Cli.Commands;

/// <summary>An issue's agent session as <c>codemate logs --json</c> prints it.</summary>
internal sealed record LogRow(
    [property: JsonPropertyName("issue")] string Issue,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("session_name")] string SessionName,
    [property: JsonPropertyName("usage")] UsageRow? UsageRow,
    [property: JsonPropertyName("turns")] IReadOnlyList<TurnRow> Turns)
{
    [JsonIgnore]
    public SessionUsage? Usage { get; init; }

    public static LogRow From(SessionRecord session, TranscriptSummary summary) =>
        new(
            session.Issue.ToString(),
            session.State.ToString().ToLowerInvariant(),
            session.SessionName,
            UsageRow.From(session.Usage),
            [.. summary.Turns.Select(t => new TurnRow(t.At, t.Prompt, [.. t.ToolCalls.Select(c => new ToolCallRow(c.Tool, c.Detail))]))])
        {
            Usage = session.Usage,
        };
}

internal sealed record TurnRow(
    [property: JsonPropertyName("at")] DateTimeOffset? At,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("tool_calls")] IReadOnlyList<ToolCallRow> ToolCalls);

internal sealed record ToolCallRow(
    [property: JsonPropertyName("tool")] string Tool,
    [property: JsonPropertyName("detail")] string? Detail);
