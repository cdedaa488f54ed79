using System.Net.Sockets;
using System.Text;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Codemate.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>What GitHub credentials the agent gets: none by default; with the opt-in, a helper that asks Codemate every time.</summary>
public sealed class AgentCredentialTests : IAsyncLifetime
{
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "vault");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_agent_has_no_GitHub_token_in_its_environment_arguments_or_git_config_and_Codemate_pushes_for_it()
    {
        // Codemate's own environment holds the token under a name nobody would guess; tmux must not hand it on.
        var leak = "CODEMATE_TEST_LEAK_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(leak, TestSettings.Token);
        try
        {
            await using var host = await _world.StartHostAsync();
            var flow = new Flow(_world, host);
            await flow.OpenIssueAsync(1, "Show me. [[env]] [[commit ENV.md]] [[push]]");
            var log = _world.AgentLog(1);
            await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind is "pushed" or "push-failed"), what: "the agent's push");

            var environment = log.Entries().Single(e => e.Kind == "env").Text!;
            Assert.Contains("CODEMATE_SESSION_NAME=", environment, StringComparison.Ordinal);
            Assert.DoesNotContain(leak, environment, StringComparison.Ordinal);
            Assert.DoesNotContain("GITHUB_TOKEN=", environment, StringComparison.Ordinal);
            Assert.DoesNotContain("GITHUB_WEBHOOK_SECRET=", environment, StringComparison.Ordinal);
            AssertNoToken(environment);

            var tmuxGlobal = await _world.Tmux.RunOnAsync(SessionNames.For(_world.Issue(1)), "show-environment", "-g");
            Assert.Equal(0, tmuxGlobal.ExitCode);
            AssertNoToken(tmuxGlobal.StandardOutput);
            Assert.DoesNotContain(leak, tmuxGlobal.StandardOutput, StringComparison.Ordinal);

            var workspace = Path.Combine(_world.WorkspacesRoot, "octo", "vault", "issue-1");
            AssertNoToken(await File.ReadAllTextAsync(Path.Combine(workspace, ".git", "config")));

            // Without credentials the agent's own push fails, and Codemate pushes the commit when it goes idle.
            Assert.Contains(log.Entries(), e => e.Kind == "push-failed");
            await flow.WaitForRemoteCommitAsync(1, "Add ENV.md");
        }
        finally
        {
            Environment.SetEnvironmentVariable(leak, null);
        }
    }

    [Fact]
    public async Task With_the_opt_in_the_agent_pushes_itself_and_gets_a_fresh_token_after_the_first_one_expired()
    {
        var clock = new ShiftedTimeProvider();
        _world.GitHub.Clock = clock;
        _world.UseGitHubApp(GitHubAppKeyPair.Generate());
        var settings = _world.Settings();
        WithCredentials(settings);
        await using var host = await CodemateTestHost.StartAsync(settings, services: s => s.AddSingleton<TimeProvider>(clock));
        var flow = new Flow(_world, host, TestWorld.InstallationId);

        await flow.OpenIssueAsync(2, "Push it yourself. [[env]] [[commit ONE.md]] [[push]]");
        var log = _world.AgentLog(2);
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind is "pushed" or "push-failed"), what: "the agent's first push");
        Assert.DoesNotContain(log.Entries(), e => e.Kind == "push-failed");
        await flow.WaitForRemoteCommitAsync(2, "Add ONE.md");
        var first = _world.GitHub.IssuedTokens[^1];
        var environment = log.Entries().Single(e => e.Kind == "env").Text!;
        Assert.Contains("GIT_CONFIG_COUNT=2", environment, StringComparison.Ordinal);
        Assert.Contains("credential." + _world.GitHub.ServerUrl, environment, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Token, environment, StringComparison.Ordinal);

        // An hour later the first token is dead on GitHub; the helper asks again and gets a new one.
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(first.ExpiresAt < clock.GetUtcNow());
        await flow.CommentAsync(2, "Again. [[commit TWO.md]] [[push]]", 201);
        await log.WaitUntilAsync(() => log.Entries().Count(e => e.Kind is "pushed" or "push-failed") == 2, what: "the agent's second push");

        Assert.DoesNotContain(log.Entries(), e => e.Kind == "push-failed");
        await flow.WaitForRemoteCommitAsync(2, "Add TWO.md");
        Assert.Contains(_world.GitHub.IssuedTokens, t => t.ExpiresAt > clock.GetUtcNow() && t.Token != first.Token);
        var workspace = Path.Combine(_world.WorkspacesRoot, "octo", "vault", "issue-2");
        foreach (var token in _world.GitHub.IssuedTokens)
        {
            Assert.DoesNotContain(token.Token, await File.ReadAllTextAsync(Path.Combine(workspace, ".git", "config")), StringComparison.Ordinal);
            Assert.DoesNotContain(token.Token, await File.ReadAllTextAsync(log.Path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_credential_helper_answers_nothing_to_a_wrong_secret_another_host_or_a_stopped_session()
    {
        await using var host = await _world.StartHostAsync(WithCredentials);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(3);
        await _world.AgentLog(3).WaitForMessagesAsync(1);
        var session = SessionNames.For(_world.Issue(3));
        var credentials = host.GetRequiredService<AgentGitCredentials>();
        var secret = (await File.ReadAllTextAsync(credentials.SecretFile(session))).Trim();
        var port = host.Services.GetServices<IHostedService>().OfType<GitCredentialServer>().Single().Port!.Value;
        var server = _world.GitHub.ServerUrl;

        Assert.Contains("password=" + TestSettings.Token, await AskAsync(port, session, secret, server.Scheme, server.Authority), StringComparison.Ordinal);
        // Another first character, whatever the secret starts with ("0" + secret[1..] was the secret itself 1 time in 16).
        Assert.Equal(string.Empty, await AskAsync(port, session, (secret[0] == '0' ? "1" : "0") + secret[1..], server.Scheme, server.Authority));
        Assert.Equal(string.Empty, await AskAsync(port, session, secret, "https", "evil.example"));
        Assert.Equal(string.Empty, await AskAsync(port, "../../etc", secret, server.Scheme, server.Authority));

        await flow.CloseIssueAsync(3);
        // The secret is revoked just after tmux kills the session, so wait for both.
        await Eventually.WaitAsync(async () => !await _world.IsTmuxSessionAliveAsync(3) && !File.Exists(credentials.SecretFile(session)), "the session to stop and its secret to be revoked");
        Assert.Equal(string.Empty, await AskAsync(port, session, secret, server.Scheme, server.Authority));
    }

    [Fact]
    public async Task The_helper_script_holds_no_secret_and_only_the_owner_may_run_it()
    {
        await using var host = await _world.StartHostAsync(WithCredentials);
        var helper = host.GetRequiredService<AgentGitCredentials>().HelperPath;

        var script = await File.ReadAllTextAsync(helper);
        Assert.StartsWith("#!/usr/bin/env bash", script, StringComparison.Ordinal);
        AssertNoToken(script);
        Assert.DoesNotContain(TestSettings.Secret, script, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(helper));
        }
    }

    private static void WithCredentials(Dictionary<string, string?> settings) =>
        settings[Codemate.Configuration.EnvironmentVariables.AgentGitCredentials] = "true";

    private static void AssertNoToken(string text)
    {
        Assert.DoesNotContain(TestSettings.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(GitEnvironment.BasicCredential(TestSettings.Token), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(TestSettings.Token)), text, StringComparison.Ordinal);
    }

    private static async Task<string> AskAsync(int port, string session, string secret, string protocol, string host)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"{session}\n{secret}\nprotocol={protocol}\nhost={host}\n\n"));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
