using System.Net;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Microsoft.AspNetCore.Builder;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary><c>/health</c> shows nothing secret; <c>/status</c> shows details only to a bearer of <c>CODEMATE_STATUS_TOKEN</c>.</summary>
public sealed class StatusEndpointTests : IAsyncLifetime
{
    private const string StatusToken = "status-token-0123456789abcdef";
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "status");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Without_a_configured_token_the_status_endpoint_answers_404()
    {
        await using var host = await StartAsync(token: null);

        using var anonymous = await host.Client.GetAsync("/status");
        using var guessing = await GetStatusAsync(host, "anything");

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, guessing.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-token")]
    [InlineData(StatusToken + "x")]
    [InlineData("status-token-0123456789abcdeF")]
    public async Task A_missing_or_wrong_bearer_token_is_answered_401_with_a_bearer_challenge(string? bearer)
    {
        await using var host = await StartAsync(StatusToken);

        using var response = await GetStatusAsync(host, bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_right_bearer_token_shows_each_session_and_no_secret_while_health_shows_only_the_summary()
    {
        await using var host = await StartAsync(StatusToken);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(4, "Wait here. [[hold]]");
        var log = _world.AgentLog(4);
        await log.WaitForMessagesAsync(1);
        await flow.CommentAsync(4, "queued while busy", 41);
        await Eventually.WaitAsync(async () => (await StatusAsync(host)).GetProperty("sessions")[0].GetProperty("queued_messages").GetInt32() == 1, "the comment to be queued");

        using var response = await GetStatusAsync(host, StatusToken);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = JsonDocument.Parse(text).RootElement.GetProperty("sessions")[0];
        Assert.Equal("octo/status#4", session.GetProperty("issue").GetString());
        Assert.Equal("running", session.GetProperty("state").GetString());
        Assert.Equal("busy", session.GetProperty("agent_status").GetString());
        Assert.True(session.GetProperty("tmux_active").GetBoolean());
        Assert.Equal(1, session.GetProperty("queued_messages").GetInt32());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("last_error").ValueKind);
        Assert.Equal(JsonValueKind.String, session.GetProperty("started_at").ValueKind);
        Assert.Equal(JsonValueKind.String, session.GetProperty("updated_at").ValueKind);
        Assert.DoesNotContain("queued while busy", text, StringComparison.Ordinal);

        using var health = await host.Client.GetAsync("/health");
        var healthText = await health.Content.ReadAsStringAsync();
        Assert.Contains("claude-octo-status-4", healthText, StringComparison.Ordinal);
        foreach (var body in new[] { text, healthText })
        {
            Assert.DoesNotContain(TestSettings.Token, body, StringComparison.Ordinal);
            Assert.DoesNotContain(TestSettings.Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(StatusToken, body, StringComparison.Ordinal);
            Assert.DoesNotContain(_world.WorkspacesRoot, body, StringComparison.Ordinal);
        }

        log.Release();
    }

    [Fact]
    public async Task A_failing_git_step_shows_a_short_reason_on_the_issue_and_its_message_with_the_path_only_in_status()
    {
        // git cannot be started: its message names the path on the server, which is not for the issue's readers.
        var git = Path.Combine(_world.WorkspacesRoot, "no-such-git");
        await using var host = await StartAsync(StatusToken, s => s[Codemate.Workspaces.WorkspaceOptions.GitPathVariable] = git);
        await new Flow(_world, host).OpenIssueAsync(5);

        var comment = await _world.WaitForStatusAsync(5, b => b.Contains("Failed", StringComparison.Ordinal), "the issue to fail");

        Assert.Contains("Codemate could not prepare the workspace and draft pull request (git failed).", comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(git, comment.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_world.Root.Path, comment.Body, StringComparison.Ordinal);
        var session = (await StatusAsync(host)).GetProperty("sessions")[0];
        Assert.Contains(session.GetProperty("last_error").GetString()!, comment.Body, StringComparison.Ordinal);
        Assert.Contains(git, session.GetProperty("error_detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bearer_check_accepts_only_the_exact_token()
    {
        Assert.True(StatusEndpoint.IsAuthorized("Bearer " + StatusToken, StatusToken));
        Assert.True(StatusEndpoint.IsAuthorized("bearer  " + StatusToken + " ", StatusToken));
        Assert.False(StatusEndpoint.IsAuthorized("Basic " + StatusToken, StatusToken));
        Assert.False(StatusEndpoint.IsAuthorized(StatusToken, StatusToken));
        Assert.False(StatusEndpoint.IsAuthorized("Bearer ", " "));
    }

    private Task<CodemateTestHost> StartAsync(string? token, Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = _world.Settings();
        if (token is not null)
        {
            settings[EnvironmentVariables.StatusToken] = token;
        }

        adjust?.Invoke(settings);

        return CodemateTestHost.StartAsync(settings, map: app =>
        {
            app.MapCodemate();
            app.MapCodemateHealth();
            app.MapCodemateStatus();
        });
    }

    private static async Task<HttpResponseMessage> GetStatusAsync(CodemateTestHost host, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        return await host.Client.SendAsync(request);
    }

    private static async Task<JsonElement> StatusAsync(CodemateTestHost host)
    {
        using var response = await GetStatusAsync(host, StatusToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
