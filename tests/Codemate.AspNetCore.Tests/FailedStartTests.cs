using System.Net.Http.Headers;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Microsoft.AspNetCore.Builder;

namespace Codemate.AspNetCore.Tests;

/// <summary>An agent that dies or hangs before it gets its task is reported as a failed start, never as done.</summary>
public sealed class FailedStartTests : IAsyncLifetime
{
    private const string StatusToken = "status-token-0123456789abcdef";
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "failing");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_agent_that_exits_at_start_up_is_a_failed_start_on_the_status_comment_and_in_status()
    {
        var settings = _world.Settings();
        settings[EnvironmentVariables.AgentCommand] = "printf 'Error: Invalid API key sk-ant-test-abcdefghijklmnop\\nPlease run /login\\n'; exit 1";
        settings[EnvironmentVariables.StatusToken] = StatusToken;
        await using var host = await CodemateTestHost.StartAsync(settings, map: app =>
        {
            app.MapCodemate();
            app.MapCodemateStatus();
        });

        await OpenIssueAsync(host, 1);

        var status = await _world.WaitForStatusAsync(1, b => b.Contains("Failed", StringComparison.Ordinal), "a failed start", TimeSpan.FromSeconds(40));
        Assert.Contains("exited before it received its task", status.Body, StringComparison.Ordinal);
        Assert.Contains("Error: Invalid API key [redacted]", status.Body, StringComparison.Ordinal);
        Assert.Contains("Please run /login", status.Body, StringComparison.Ordinal);
        Assert.Contains("codemate doctor", status.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test", status.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Done", status.Body, StringComparison.Ordinal);

        var session = await StatusOfAsync(host);
        Assert.Equal("none", (await StatusRootAsync(host)).GetProperty("sandbox").GetString());
        Assert.Equal("failed", session.GetProperty("state").GetString());
        Assert.Contains("exited before it received its task", session.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Contains("Please run /login", session.GetProperty("agent_screen").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, session.GetProperty("queued_messages").GetInt32());
        Assert.False(session.GetProperty("tmux_active").GetBoolean());
    }

    [Fact]
    public async Task An_agent_stuck_before_it_is_ready_is_stopped_after_the_start_timeout_as_a_failed_start()
    {
        await using var host = await _world.StartHostAsync(s =>
        {
            s[EnvironmentVariables.AgentCommand] = "printf 'Do you trust the files in this folder?\\n> No, exit\\n'; sleep 600";
            s[EnvironmentVariables.AgentStartSeconds] = "1";
            s["Codemate:Agent:StatusPollInterval"] = "00:00:00.200";
        });

        await OpenIssueAsync(host, 2);

        var status = await _world.WaitForStatusAsync(2, b => b.Contains("Failed", StringComparison.Ordinal), "a failed start", TimeSpan.FromSeconds(40));
        Assert.Contains("did not get ready for its task in time", status.Body, StringComparison.Ordinal);
        Assert.Contains("Do you trust the files in this folder?", status.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(2));
    }

    [Fact]
    public async Task An_agent_that_dies_while_its_pull_request_is_still_being_opened_is_a_failed_start_not_running()
    {
        // The pull request is opened beside the agent's start; GitHub asks Codemate to wait before it is created.
        _world.GitHub.FailNext(1, DoubleFailure.TooManyRequests(TimeSpan.FromSeconds(3)), "POST", "/pulls");
        await using var host = await _world.StartHostAsync(s =>
        {
            s[EnvironmentVariables.AgentCommand] = "printf 'cannot start\\n'; exit 1";
            s["Codemate:Agent:StatusPollInterval"] = "00:00:00.200";
        });

        await OpenIssueAsync(host, 3);

        var status = await _world.WaitForStatusAsync(3, b => b.Contains("Failed", StringComparison.Ordinal) && b.Contains("pull/", StringComparison.Ordinal), "a failed start with its pull request", TimeSpan.FromSeconds(40));
        Assert.Contains("exited before it received its task", status.Body, StringComparison.Ordinal);
        var record = await host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(3), CancellationToken.None);
        Assert.Equal(SessionState.Failed, record!.State);
        Assert.NotNull(record.PullRequestUrl);
    }

    private async Task OpenIssueAsync(CodemateTestHost host, int number)
    {
        _world.Remote.OpenIssue(number);
        using var response = await new WebhookSender(host.Client, TestSettings.Secret)
            .SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "failing", number, "Fix the thing", "It is broken.", TestWorld.Writer));
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> StatusOfAsync(CodemateTestHost host) =>
        (await StatusRootAsync(host)).GetProperty("sessions")[0].Clone();

    private static async Task<JsonElement> StatusRootAsync(CodemateTestHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", StatusToken);
        using var response = await host.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
