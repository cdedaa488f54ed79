using System.Net;
using System.Text.Json;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// A <see cref="TestWorld"/> (GitHub double, private tmux, scripted agent) served by the real <c>codemate serve</c>
/// process, and what GitHub and an operator do to it: signed webhooks, restarts, <c>codemate sessions</c>.
/// </summary>
public sealed class ServedWorld : IAsyncDisposable
{
    private readonly Action<Dictionary<string, string?>>? _adjust;

    private ServedWorld(TestWorld world, ServeProcess server, Action<Dictionary<string, string?>>? adjust)
    {
        World = world;
        Server = server;
        _adjust = adjust;
    }

    public TestWorld World { get; }

    /// <summary>The server process currently running (a restart replaces it).</summary>
    public ServeProcess Server { get; private set; }

    public string Owner => World.Repository.Owner;

    public string Repo => World.Repository.Name;

    /// <param name="adjust">Changes to the settings, kept for every restart.</param>
    public static async Task<ServedWorld> StartAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var world = await TestWorld.CreateAsync();
        try
        {
            return new ServedWorld(world, await world.ServeAsync(adjust), adjust);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public ScriptedAgentLog AgentLog(int issue) => World.AgentLog(issue);

    /// <summary>Graceful restart: SIGTERM, wait for exit code 0, start a new process on the same state database.</summary>
    public async Task RestartAsync()
    {
        var exitCode = await Server.StopAsync();
        Assert.True(exitCode == 0, $"codemate serve exited with {exitCode} on SIGTERM. Its output:\n{Server.Output}");
        await Server.DisposeAsync();
        Server = await World.ServeAsync(_adjust);
    }

    /// <summary>Crash and restart: SIGKILL the server process, start a new one on the same state database.</summary>
    public async Task KillAndRestartAsync()
    {
        await Server.KillAsync();
        await Server.DisposeAsync();
        Server = await World.ServeAsync(_adjust);
    }

    public Task<Answer> OpenIssueAsync(int number, string title = "Fix the thing", string body = "It is broken.", string? deliveryId = null)
    {
        World.Remote.OpenIssue(number, title, body, TestWorld.Writer);
        return SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, number, title, body, TestWorld.Writer), deliveryId);
    }

    public Task<Answer> CloseIssueAsync(int number) =>
        SendAsync("issues", WebhookPayloads.IssuesEvent("closed", Owner, Repo, number, author: TestWorld.Writer));

    public Task<Answer> CommentAsync(int number, string text, long commentId, string commenter = TestWorld.OtherWriter, string commenterType = "User", bool onPullRequest = false) =>
        SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", Owner, Repo, number, text, commenter, commenterType, onPullRequest, commentId));

    public async Task<Answer> SendAsync(string @event, string body, string? deliveryId = null)
    {
        using var response = await Server.Webhooks().SendAsync(@event, body, deliveryId);
        return await Answer.ReadAsync(response);
    }

    /// <summary>The issue's entry in <c>/health</c>'s <c>active_sessions</c>, or <see langword="null"/>.</summary>
    public async Task<JsonElement?> HealthSessionAsync(int issue)
    {
        var health = await Server.GetHealthAsync();
        return health.GetProperty("active_sessions").TryGetProperty(World.Issue(issue).ToString(), out var session) ? session : null;
    }

    /// <summary>Runs a <c>codemate</c> command as an operator would next to the server: same directory, same settings.</summary>
    public Task<CliWrap.Buffered.BufferedCommandResult> RunCliAsync(params string[] arguments)
    {
        var settings = World.Settings();
        _adjust?.Invoke(settings);
        return new CodemateCli(World.Root.Path, settings).RunAsync(arguments);
    }

    /// <summary>The issue's row in <c>codemate sessions --json</c>, run as an operator would next to the server.</summary>
    public async Task<JsonElement?> SessionRowAsync(int issue)
    {
        var result = await RunCliAsync("sessions", "--json");
        Assert.True(result.ExitCode == 0, $"codemate sessions failed: {result.StandardError}");
        var key = World.Issue(issue).ToString();
        foreach (var row in JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray())
        {
            if (row.GetProperty("issue").GetString() == key)
            {
                return row.Clone();
            }
        }

        return null;
    }

    /// <summary>Waits until <c>codemate sessions</c> shows <paramref name="count"/> comments queued for the issue.</summary>
    public Task WaitForQueuedCommentsAsync(int issue, int count) =>
        Eventually.WaitAsync(
            async () => await SessionRowAsync(issue) is { } row && row.GetProperty("queued_comments").GetInt32() == count,
            $"{count} queued comment(s) on #{issue}");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await World.DisposeAsync();
    }
}

/// <summary>What the webhook endpoint answered: the status code and the JSON body's <c>outcome</c>.</summary>
public sealed record Answer(HttpStatusCode Status, string Outcome, string Message)
{
    public static async Task<Answer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        return new Answer(response.StatusCode, json.RootElement.GetProperty("outcome").GetString()!, json.RootElement.GetProperty("message").GetString()!);
    }
}
