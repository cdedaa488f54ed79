using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codemate.AspNetCore.Tests.Security;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Agents;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Microsoft.AspNetCore.Builder;

namespace Codemate.AspNetCore.Tests.Diagnostics;

/// <summary>What an agent used of its model: in /status, the status comment and /metrics, and the token budget.</summary>
[Collection(MetricsCollection.Name)]
public sealed class UsageTests : IAsyncLifetime
{
    private const string StatusToken = "status-token-0123456789abcdef";
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "usage");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Usage_a_command_agent_reports_shows_everywhere_and_the_token_budget_stops_it_after_the_turn_that_crossed_it()
    {
        var settings = _world.Settings();
        settings[EnvironmentVariables.StatusToken] = StatusToken;
        settings[EnvironmentVariables.MaxSessionTokens] = "1000";
        await using var host = await CodemateTestHost.StartAsync(settings, map: app =>
        {
            app.MapCodemate();
            app.MapCodemateStatus();
            app.MapCodemateMetrics();
        });
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(6, "Work on it. [[usage 600]]");
        await _world.AgentLog(6).WaitForMessagesAsync(1);

        await Eventually.WaitAsync(async () => await InputTokensAsync(host) == 600, "600 input tokens in /status");
        await _world.WaitForStatusAsync(6, b => b.Contains("Model usage: 600 input · 1 output", StringComparison.Ordinal), "the usage");

        await flow.CommentAsync(6, "Go on. [[usage 500]]", 61);
        var stopped = await _world.WaitForStatusAsync(6, b => b.Contains("CODEMATE_MAX_SESSION_TOKENS", StringComparison.Ordinal), "the token budget");

        Assert.Contains("the session used 1,102 tokens, reaching its budget of 1,000", stopped.Body, StringComparison.Ordinal);
        Assert.Contains("Model usage: 1,100 input · 2 output", stopped.Body, StringComparison.Ordinal);
        Assert.Equal(SessionState.Stopped, (await host.GetRequiredService<IStateStore>().GetSessionAsync(new IssueKey(_world.Repository, 6), CancellationToken.None))!.State);
        Assert.Equal(2, _world.AgentLog(6).Messages().Count);
        using var metrics = await host.Client.SendAsync(Authorized("/metrics"));
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Matches("(?m)^codemate_agent_tokens_total\\{[^}]*model=\"scripted-model\",type=\"input\"\\} 1100$", text);
    }

    [Fact]
    public async Task Status_shows_each_session_s_last_turns_with_the_commands_its_agent_ran()
    {
        var settings = _world.Settings();
        settings[EnvironmentVariables.StatusToken] = StatusToken;
        await using var host = await CodemateTestHost.StartAsync(settings, map: app =>
        {
            app.MapCodemate();
            app.MapCodemateStatus();
        });
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(7, "Work on it.");
        await _world.AgentLog(7).WaitForMessagesAsync(1);
        var record = await host.GetRequiredService<IStateStore>().GetSessionAsync(new IssueKey(_world.Repository, 7), CancellationToken.None);
        var project = Directory.CreateDirectory(Path.Combine(_world.WorkspacesRoot, ".codemate", "agents", record!.SessionName, "claude", "projects", "-w")).FullName;
        var transcript = Path.Combine(project, "session.jsonl");
        await File.AppendAllLinesAsync(transcript, [
            TranscriptLines.User("Work on issue 7."),
            TranscriptLines.ToolUse("msg_1", "toolu_1", "Bash", new JsonObject { ["command"] = "dotnet build" }),
        ]);

        var first = (await StatusAsync(host)).GetProperty("sessions")[0].GetProperty("transcript");
        await File.AppendAllLinesAsync(transcript, [TranscriptLines.ToolUse("msg_2", "toolu_2", "Edit", new JsonObject { ["file_path"] = "src/A.cs" })]);
        var second = (await StatusAsync(host)).GetProperty("sessions")[0].GetProperty("transcript");

        Assert.Equal(1, first.GetProperty("total_tool_calls").GetInt32());
        var turn = Assert.Single(second.GetProperty("turns").EnumerateArray());
        Assert.Equal("Work on issue 7.", turn.GetProperty("prompt").GetString());
        Assert.Equal(
            ["Bash: dotnet build", "Edit: src/A.cs"],
            turn.GetProperty("tool_calls").EnumerateArray().Select(c => $"{c.GetProperty("tool").GetString()}: {c.GetProperty("detail").GetString()}"));
        Assert.Equal(2, second.GetProperty("total_tool_calls").GetInt32());
    }

    private static async Task<JsonElement> StatusAsync(CodemateTestHost host)
    {
        using var response = await host.Client.SendAsync(Authorized("/status"));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static HttpRequestMessage Authorized(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StatusToken);
        return request;
    }

    private static async Task<long?> InputTokensAsync(CodemateTestHost host)
    {
        using var response = await host.Client.SendAsync(Authorized("/status"));
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("sessions")[0];
        return session.GetProperty("usage") is { ValueKind: JsonValueKind.Object } usage ? usage.GetProperty("input_tokens").GetInt64() : null;
    }
}
