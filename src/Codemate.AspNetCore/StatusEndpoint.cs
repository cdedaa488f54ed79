using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Health;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Codemate.AspNetCore;

/// <summary>
/// The detailed status report, behind <c>Authorization: Bearer {CODEMATE_STATUS_TOKEN}</c>. Without a configured
/// token it answers 404, as if it were not mapped; a missing or wrong token gets 401 with
/// <c>WWW-Authenticate: Bearer</c>. The token is compared in constant time.
/// </summary>
internal static class StatusEndpoint
{
    public static async Task HandleAsync(HttpContext context, CodemateStatus status, IOptionsMonitor<CodemateOptions> options, IOptions<AgentOptions> agent)
    {
        var expected = options.CurrentValue.StatusToken;
        if (string.IsNullOrWhiteSpace(expected))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!IsAuthorized(context.Request.Headers.Authorization.ToString(), expected))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"codemate\"";
            return;
        }

        var sessions = await status.GetSessionsAsync(context.RequestAborted).ConfigureAwait(false);
        var (parked, problem) = await status.GetWorkAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var writer = new Utf8JsonWriter(context.Response.Body);
        await using (writer.ConfigureAwait(false))
        {
            Write(writer, sessions, agent.Value.EffectiveSandbox, parked, problem);
        }
    }

    internal static bool IsAuthorized(string authorization, string expected)
    {
        const string Scheme = "Bearer ";
        var presented = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : string.Empty;
        // Hashes have a fixed length, so the comparison's time says nothing about the token's length either.
        var match = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected.Trim())));
        return match && presented.Length > 0;
    }

    private static void WriteUsage(Utf8JsonWriter writer, Usage.SessionUsage? usage)
    {
        if (usage is null)
        {
            writer.WriteNull("usage");
            return;
        }

        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", usage.Tokens.InputTokens);
        writer.WriteNumber("output_tokens", usage.Tokens.OutputTokens);
        writer.WriteNumber("cache_creation_input_tokens", usage.Tokens.CacheCreationInputTokens);
        writer.WriteNumber("cache_read_input_tokens", usage.Tokens.CacheReadInputTokens);
        if (usage.EstimatedCostUsd is { } cost)
        {
            writer.WriteNumber("estimated_cost_usd", cost);
        }
        else
        {
            writer.WriteNull("estimated_cost_usd");
        }

        writer.WriteEndObject();
    }

    /// <summary>The same as <c>codemate logs --json</c> shows, for the last turns only.</summary>
    private static void WriteTranscript(Utf8JsonWriter writer, Usage.TranscriptSummary transcript)
    {
        writer.WriteStartObject("transcript");
        writer.WriteNumber("total_turns", transcript.TotalTurns);
        writer.WriteNumber("total_tool_calls", transcript.TotalToolCalls);
        writer.WriteStartArray("turns");
        foreach (var turn in transcript.Turns)
        {
            writer.WriteStartObject();
            if (turn.At is { } at)
            {
                writer.WriteString("at", at);
            }
            else
            {
                writer.WriteNull("at");
            }

            writer.WriteString("prompt", turn.Prompt);
            writer.WriteStartArray("tool_calls");
            foreach (var call in turn.ToolCalls)
            {
                writer.WriteStartObject();
                writer.WriteString("tool", call.Tool);
                writer.WriteString("detail", call.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, IReadOnlyList<SessionStatusReport> sessions, string sandbox, IReadOnlyList<ParkedWork> parked, string? problem)
    {
        writer.WriteStartObject();
        writer.WriteString("status", problem is null ? "ok" : "error");
        if (problem is not null)
        {
            writer.WriteString("reason", problem);
        }

        writer.WriteString("sandbox", sandbox);
        writer.WriteNumber("total_sessions", sessions.Count);
        writer.WriteNumber("active_sessions", sessions.Count(s => s.State is State.SessionState.Queued or State.SessionState.Preparing or State.SessionState.Running));
        writer.WriteStartArray("sessions");
        foreach (var session in sessions)
        {
            writer.WriteStartObject();
            writer.WriteString("issue", session.Issue);
            writer.WriteString("session_name", session.SessionName);
            writer.WriteString("state", session.State.ToString().ToLowerInvariant());
            writer.WriteString("agent_status", session.AgentStatus.ToString().ToLowerInvariant());
            writer.WriteBoolean("tmux_active", session.TmuxActive);
            if (session.Replica is { } replica)
            {
                writer.WriteString("replica", replica);
            }

            writer.WriteString("branch", session.Branch);
            writer.WriteString("pr_url", session.PullRequestUrl);
            writer.WriteString("last_error", session.LastError);
            writer.WriteString("error_detail", session.ErrorDetail);
            writer.WriteString("agent_screen", session.AgentScreen);
            writer.WriteNumber("queued_messages", session.QueuedMessages);
            writer.WriteString("created_at", session.CreatedAt);
            if (session.StartedAt is { } started)
            {
                writer.WriteString("started_at", started);
            }
            else
            {
                writer.WriteNull("started_at");
            }

            writer.WriteString("updated_at", session.UpdatedAt);
            WriteUsage(writer, session.Usage);
            WriteTranscript(writer, session.Transcript);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteParked(writer, parked);
        writer.WriteEndObject();
    }

    private static void WriteParked(Utf8JsonWriter writer, IReadOnlyList<ParkedWork> parked)
    {
        writer.WriteStartArray("parked_work");
        foreach (var work in parked)
        {
            writer.WriteStartObject();
            writer.WriteString("issue", work.Issue);
            writer.WriteString("kind", work.Kind);
            writer.WriteString("delivery_id", work.DeliveryId);
            writer.WriteNumber("attempts", work.Attempts);
            writer.WriteString("reason", work.Reason);
            writer.WriteString("parked_at", work.ParkedAt);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
