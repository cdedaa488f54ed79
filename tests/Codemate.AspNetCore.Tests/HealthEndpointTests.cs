using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;

namespace Codemate.AspNetCore.Tests;

public sealed class HealthEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string?> _settings;
    private CodemateTestHost _host = null!;

    public HealthEndpointTests() => _settings = TestSettings.Minimal(_root);

    /// <summary>Where Codemate keeps its sockets when only <c>CODEMATE_TMUX_SOCKET</c> names them, as in production.</summary>
    private TmuxSockets Sockets => new(Microsoft.Extensions.Options.Options.Create(new AgentOptions { TmuxSocket = _settings[EnvironmentVariables.TmuxSocket]! }));

    public async Task InitializeAsync() => _host = await CodemateTestHost.StartAsync(_settings);

    public async Task DisposeAsync()
    {
        await Tmux("kill-server");
        await _host.DisposeAsync();
        if (Directory.Exists(Sockets.Directory))
        {
            Directory.Delete(Sockets.Directory, recursive: true);
        }

        _root.Dispose();
    }

    [Fact]
    public async Task Health_reports_the_original_shape_with_no_sessions()
    {
        var json = await GetHealthAsync();

        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("active_sessions").ValueKind);
        Assert.Empty(json.GetProperty("active_sessions").EnumerateObject());
        Assert.Equal(0, json.GetProperty("total_sessions").GetInt32());
    }

    [Fact]
    public async Task Health_lists_active_sessions_with_branch_pr_url_and_the_real_tmux_state()
    {
        var store = _host.GetRequiredService<IStateStore>();
        await store.TryCreateSessionAsync(Session("octo/app", 42, SessionState.Running, "https://github.com/octo/app/pull/99"), default);
        await store.TryCreateSessionAsync(Session("octo/app", 4, SessionState.Preparing, null), default);
        await store.TryCreateSessionAsync(Session("octo/app", 7, SessionState.Stopped, null), default);
        // Only issue 42's session is really running in tmux; a prefix of its name must not count for #4.
        Sockets.EnsureDirectory();
        var started = await Tmux("new-session", "-d", "-s", "claude-octo-app-42", "sleep", "60");
        Assert.Equal(0, started.ExitCode);

        var json = await GetHealthAsync();

        var sessions = json.GetProperty("active_sessions");
        Assert.Equal(["octo/app#4", "octo/app#42"], sessions.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var running = sessions.GetProperty("octo/app#42");
        Assert.Equal("claude-octo-app-42", running.GetProperty("session_name").GetString());
        Assert.Equal("issue-42", running.GetProperty("branch").GetString());
        Assert.Equal("https://github.com/octo/app/pull/99", running.GetProperty("pr_url").GetString());
        Assert.True(running.GetProperty("tmux_active").GetBoolean());
        var preparing = sessions.GetProperty("octo/app#4");
        Assert.Equal(JsonValueKind.Null, preparing.GetProperty("pr_url").ValueKind);
        Assert.False(preparing.GetProperty("tmux_active").GetBoolean());
        Assert.Equal(2, json.GetProperty("total_sessions").GetInt32());
        Assert.Equal(["session_name", "branch", "pr_url", "tmux_active"], running.EnumerateObject().Select(p => p.Name));
    }

    private static SessionRecord Session(string repo, int number, SessionState state, string? prUrl)
    {
        var issue = new IssueKey(RepositoryName.Create(repo.Split('/')[0], repo.Split('/')[1]), number);
        return new SessionRecord
        {
            Issue = issue,
            SessionName = Codemate.Sessions.SessionNames.For(issue),
            Branch = issue.Branch,
            State = state,
            PullRequestUrl = prUrl,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
    }

    private async Task<JsonElement> GetHealthAsync()
    {
        using var response = await _host.Client.GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Task<BufferedCommandResult> Tmux(params string[] arguments) =>
        Cli.Wrap("tmux").WithArguments(a => a.Add("-S").Add(Sockets.PathFor("claude-octo-app-42")).Add(arguments))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
}
