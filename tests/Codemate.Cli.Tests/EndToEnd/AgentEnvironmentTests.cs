using Codemate.Configuration;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>GitHub issue #19, outcome 1: the agent's environment is an allow-list, not Codemate's environment minus known secrets.</summary>
[Collection(ServeCollection.Name)]
public sealed class AgentEnvironmentTests : IAsyncLifetime
{
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "env");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_agent_inherits_only_allowed_variables_and_the_names_the_operator_lists()
    {
        await using var server = await _world.ServeAsync(s =>
        {
            s["CLOUDFLARE_TUNNEL_TOKEN"] = "tunnel-token-value-0123";
            s["HOST_APP_DATABASE_PASSWORD"] = "database-password-4567";
            s["MY_TOOL_TOKEN"] = "tool-token-89ab";
            s["HTTPS_PROXY"] = "http://127.0.0.1:9";
            s[EnvironmentVariables.AgentEnvironment] = "MY_TOOL_TOKEN";
        });

        _world.Remote.OpenIssue(1, "Show me", "Show me. [[env]]", TestWorld.Writer);
        using var response = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "env", 1, "Show me", "Show me. [[env]]", TestWorld.Writer));
        response.EnsureSuccessStatusCode();

        var log = _world.AgentLog(1);
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "env"), what: "the agent's environment");
        var variables = log.Entries().Single(e => e.Kind == "env").Text!.Split('\n');
        Assert.Contains("MY_TOOL_TOKEN=tool-token-89ab", variables);
        Assert.Contains("HTTPS_PROXY=http://127.0.0.1:9", variables);
        Assert.Contains(variables, v => v.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.Contains(variables, v => v.StartsWith("CODEMATE_STATUS_FILE=", StringComparison.Ordinal));
        Assert.DoesNotContain(variables, v => v.Contains("tunnel-token-value", StringComparison.Ordinal) || v.Contains("database-password", StringComparison.Ordinal));
        Assert.DoesNotContain(variables, v => v.StartsWith("GITHUB_", StringComparison.Ordinal) || v.StartsWith("WORKSPACES_ROOT=", StringComparison.Ordinal));
        var global = await _world.Tmux.RunOnAsync(Codemate.Sessions.SessionNames.For(_world.Issue(1)), "show-environment", "-g");
        Assert.Equal(0, global.ExitCode);
        Assert.DoesNotContain("CLOUDFLARE_TUNNEL_TOKEN", global.StandardOutput, StringComparison.Ordinal);
    }
}
