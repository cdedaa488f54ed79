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
    [property: JsonPropertyName("parked_work")] int ParkedWork,
    [property: JsonPropertyName("usage")] UsageRow? Usage,
    [property: JsonPropertyName("replica")] string? Replica = null);

/// <summary>A session's model usage as <c>codemate sessions --json</c> and <c>/status</c> show it.</summary>
internal sealed record UsageRow(
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("cache_creation_input_tokens")] long CacheCreationInputTokens,
    [property: JsonPropertyName("cache_read_input_tokens")] long CacheReadInputTokens,
    [property: JsonPropertyName("estimated_cost_usd")] decimal? EstimatedCostUsd)
{
    /// <summary>The estimated cost as the table shows it.</summary>
    [JsonIgnore]
    public string? Cost { get; init; }

    public static UsageRow? From(Codemate.Usage.SessionUsage? usage) => usage is null
        ? null
        : new(usage.Tokens.InputTokens, usage.Tokens.OutputTokens, usage.Tokens.CacheCreationInputTokens, usage.Tokens.CacheReadInputTokens, usage.EstimatedCostUsd)
        {
            Cost = usage.DescribeCost(),
        };
}

[JsonSerializable(typeof(List<SessionRow>))]
[JsonSerializable(typeof(LogRow))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class CliJson : JsonSerializerContext;
