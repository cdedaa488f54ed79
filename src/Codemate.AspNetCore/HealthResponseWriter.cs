using System.Text.Json;
using Codemate.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Codemate.AspNetCore;

/// <summary>Writes the original server's <c>/health</c> JSON shape, which users' monitors already parse.</summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var entry = report.Entries.TryGetValue("codemate", out var e) ? e : default;
        var sessions = entry.Data?.TryGetValue(CodemateHealthCheck.ReportKey, out var data) == true && data is CodemateHealthReport r
            ? r
            : new CodemateHealthReport(report.Status == HealthStatus.Healthy ? "ok" : "error", new Dictionary<string, SessionHealth>());
        var status = report.Status == HealthStatus.Healthy ? sessions.Status : "error";

        var writer = new Utf8JsonWriter(context.Response.Body);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("status", status);
            if (report.Status != HealthStatus.Healthy && entry.Description is { Length: > 0 } reason)
            {
                writer.WriteString("reason", reason);
            }

            writer.WriteStartObject("active_sessions");
            foreach (var (key, session) in sessions.ActiveSessions)
            {
                writer.WriteStartObject(key);
                writer.WriteString("session_name", session.SessionName);
                writer.WriteString("branch", session.Branch);
                writer.WriteString("pr_url", session.PullRequestUrl);
                writer.WriteBoolean("tmux_active", session.TmuxActive);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteNumber("total_sessions", sessions.TotalSessions);
            writer.WriteEndObject();
        }
    }
}
