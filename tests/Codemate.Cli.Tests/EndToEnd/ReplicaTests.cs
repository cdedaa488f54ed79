using System.Net;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Postgres;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// Issue #23: two real <c>codemate serve</c> replicas on one real PostgreSQL, each with its own workspaces and tmux, as on
/// two hosts, behind which GitHub's deliveries go to either. A short lease keeps the takeover quick.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class ReplicaTests : IAsyncLifetime
{
    // Short, so the takeover is quick; long enough that a replica starved of CPU on a loaded machine keeps its lease.
    private const int LeaseSeconds = 8;
    private const string StatusToken = "replica-status-token";
    private TestWorld _world = null!;
    private string _database = string.Empty;
    private readonly Dictionary<string, ServeProcess> _replicas = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _extra = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TmuxTestServer> _tmux = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        _database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        _world = await TestWorld.CreateAsync();
    }

    /// <summary>Starts replicas a and b, with <paramref name="extra"/> settings for both.</summary>
    private Task StartBothAsync(Dictionary<string, string?>? extra = null)
    {
        _extra = extra ?? [];
        return Task.WhenAll(StartAsync("a"), StartAsync("b"));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas.Values)
        {
            await replica.DisposeAsync();
        }

        await KillTmuxAsync("b");
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Deliveries_alternating_between_replicas_make_one_pull_request_and_one_agent_and_reach_it_once_in_order()
    {
        await StartBothAsync();
        _world.Remote.OpenIssue(1, "Fix the thing", "It is broken.", TestWorld.Writer);
        var opened = WebhookPayloads.IssuesEvent("opened", Owner, Repo, 1, author: TestWorld.Writer);
        var first = await SendAsync("a", "issues", opened, "opened-1");
        var again = await SendAsync("b", "issues", opened, "opened-1");
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal("duplicate", again.Outcome);
        var log = _world.AgentLog(1);
        await log.WaitForMessagesAsync(1);

        await CommentAsync("b", 1, "Hold on. [[hold]]", 11);
        await log.WaitForMessagesAsync(2);
        await CommentAsync("a", 1, "first while busy", 12);
        await CommentAsync("b", 1, "second while busy", 13);
        await CommentAsync("a", 1, "third while busy", 14);
        await Eventually.WaitAsync(async () => await ScalarAsync<long>("SELECT COUNT(*) FROM messages") == 3, "three comments queued for the busy agent");
        log.Release();

        var messages = await log.WaitForMessagesAsync(5);
        Assert.Equal(["first while busy", "second while busy", "third while busy"], messages.Skip(2).Select(AgentPrompts.QuotedText));
        Assert.Single(log.Entries(), e => e.Kind == "started");
        Assert.Single(_world.Remote.PullRequests, p => p.Head == "issue-1");
        var owner = await OwnerAsync(1);
        Assert.NotNull(owner);
        Assert.Equal(owner, (await StatusSessionAsync(owner == "a" ? "b" : "a", 1)).GetProperty("replica").GetString());
        Assert.Equal(1L, await ScalarAsync<long>("SELECT COUNT(*) FROM deliveries WHERE id = 'opened-1'"));
        var sessions = await new CodemateCli(_world.Root.Path, Settings("a")).RunAsync("sessions", "--json");
        Assert.Equal(owner, JsonDocument.Parse(sessions.StandardOutput).RootElement.EnumerateArray().Single().GetProperty("replica").GetString());
    }

    [Fact]
    public async Task When_the_replica_running_an_agent_is_killed_the_other_takes_over_with_its_pushed_commits_and_queued_comments_once_in_order()
    {
        await StartBothAsync();
        _world.Remote.OpenIssue(2, "Fix the other thing", "Also broken.", TestWorld.Writer);
        await SendAsync("a", "issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, 2, "Fix the other thing", "Also broken.", TestWorld.Writer));
        var log = _world.AgentLog(2);
        await log.WaitForMessagesAsync(1);
        var dead = (await OwnerAsync(2))!;
        var survivor = dead == "a" ? "b" : "a";

        await CommentAsync(survivor, 2, "Write it down. [[commit BEFORE.md]]", 21);
        await Eventually.WaitAsync(
            async () => (await _world.GitHub.GetCommitsAsync(Owner, Repo, "issue-2")).Any(c => c.Subject == "Add BEFORE.md"),
            "the agent's commit on the remote branch issue-2");
        await CommentAsync(survivor, 2, "Hold on. [[hold]]", 22);
        await log.WaitForMessagesAsync(3);
        await CommentAsync(survivor, 2, "first for the next agent", 23);
        await CommentAsync(dead, 2, "second for the next agent", 24);
        await Eventually.WaitAsync(async () => await ScalarAsync<long>("SELECT COUNT(*) FROM messages") == 2, "two comments queued for the busy agent");

        await _replicas[dead].KillAsync();
        await KillTmuxAsync(dead);

        var messages = await log.WaitForMessagesAsync(6, TimeSpan.FromSeconds(60));
        Assert.Contains("the previous agent session on this issue was interrupted", messages[3], StringComparison.Ordinal);
        Assert.Contains("Fix the other thing", messages[3], StringComparison.Ordinal);
        Assert.Equal(["first for the next agent", "second for the next agent"], messages.Skip(4).Select(AgentPrompts.QuotedText));
        Assert.Equal(survivor, await OwnerAsync(2));
        var workspace = (await SessionDataAsync(2)).GetProperty("workspace").GetString()!;
        Assert.StartsWith(WorkspacesRoot(survivor), workspace, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace, "BEFORE.md")), $"the pushed commit is not in the new workspace {workspace}");
        Assert.Single(_world.Remote.PullRequests, p => p.Head == "issue-2");
        Assert.Equal("running", (await StatusSessionAsync(survivor, 2)).GetProperty("state").GetString());

        // The dead replica comes back under its id: it runs nothing of the issue again, and a comment it receives reaches
        // the agent that runs now, once.
        _replicas.Remove(dead, out var killed);
        await killed!.DisposeAsync();
        await StartAsync(dead);
        await CommentAsync(dead, 2, "after the return", 25);
        var after = await log.WaitForMessagesAsync(7);
        Assert.Equal("after the return", AgentPrompts.QuotedText(after[6]));
        Assert.Equal(2, log.Entries().Count(e => e.Kind == "started"));
        Assert.Equal(survivor, await OwnerAsync(2));
        Assert.Single(_world.Remote.PullRequests, p => p.Head == "issue-2");
    }

    [Fact]
    public async Task The_session_cap_is_per_replica_and_a_free_slot_on_either_replica_takes_the_next_queued_issue()
    {
        // One agent per replica; the watchdog, which also promotes queued issues, looks every second.
        await StartBothAsync(new() { [EnvironmentVariables.MaxConcurrentSessions] = "1", ["Codemate__Workflow__WatchdogInterval"] = "00:00:01" });
        await OpenAsync("a", 3);
        await _world.AgentLog(3).WaitForMessagesAsync(1);
        var first = (await OwnerAsync(3))!;
        var other = first == "a" ? "b" : "a";

        // Sent to the full replica: the other one, with a free slot, runs it.
        await OpenAsync(first, 4);
        await _world.AgentLog(4).WaitForMessagesAsync(1);
        Assert.Equal(other, await OwnerAsync(4));

        // Both full: it waits in the shared queue until a slot frees anywhere.
        await OpenAsync(other, 5);
        await Eventually.WaitAsync(async () => await StateAsync(5) == "Queued", "#5 to wait in the queue");
        Assert.Empty(_world.AgentLog(5).Messages());
        await CommentAsync(other, 3, "/codemate stop", 31);

        await _world.AgentLog(5).WaitForMessagesAsync(1);
        Assert.Equal(first, await OwnerAsync(5));
        Assert.Equal("Stopped", await StateAsync(3));
        Assert.Equal("Running", await StateAsync(4));
    }

    private Task<string?> StateAsync(int issue) => ScalarAsync<string?>($"SELECT state FROM sessions WHERE issue = '{_world.Issue(issue)}'");

    private async Task OpenAsync(string replica, int issue)
    {
        _world.Remote.OpenIssue(issue, $"Fix thing {issue}", "It is broken.", TestWorld.Writer);
        var answer = await SendAsync(replica, "issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, issue, $"Fix thing {issue}", "It is broken.", TestWorld.Writer));
        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
    }

    private string Owner => _world.Repository.Owner;

    private string Repo => _world.Repository.Name;

    private string WorkspacesRoot(string replica) => replica == "a" ? _world.WorkspacesRoot : _world.Root.Combine("workspaces-" + replica);

    /// <summary>The replica's tmux servers, one per session as on any host; replica a's are the world's own.</summary>
    private TmuxTestServer Tmux(string replica) =>
        replica == "a" ? _world.Tmux : _tmux.GetOrAdd(replica, r => new TmuxTestServer(_world.Root.Combine("replica-" + r)));

    private Dictionary<string, string?> Settings(string replica)
    {
        var settings = _world.Settings();
        Adjust(replica, settings);
        return settings;
    }

    private void Adjust(string replica, Dictionary<string, string?> settings)
    {
        settings[EnvironmentVariables.DatabaseUrl] = _database;
        settings[EnvironmentVariables.ReplicaId] = replica;
        settings[EnvironmentVariables.LeaseSeconds] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[EnvironmentVariables.WorkspacesRoot] = WorkspacesRoot(replica);
        settings[EnvironmentVariables.TmuxSocketPath] = Tmux(replica).SocketsDirectory;
        settings[EnvironmentVariables.StatusToken] = StatusToken;
        foreach (var (key, value) in _extra)
        {
            settings[key] = value;
        }
    }

    private async Task StartAsync(string replica)
    {
        var server = await _world.ServeAsync(settings => Adjust(replica, settings));
        lock (_replicas)
        {
            _replicas[replica] = server;
        }
    }

    /// <summary>Ends every tmux server of the replica, with every session on it.</summary>
    private async Task KillTmuxAsync(string replica) => await Tmux(replica).DisposeAsync();

    private async Task<Answer> SendAsync(string replica, string @event, string body, string? deliveryId = null)
    {
        using var response = await _replicas[replica].Webhooks().SendAsync(@event, body, deliveryId);
        return await Answer.ReadAsync(response);
    }

    private async Task CommentAsync(string replica, int issue, string text, long commentId)
    {
        var answer = await SendAsync(replica, "issue_comment", WebhookPayloads.IssueCommentEvent("created", Owner, Repo, issue, text, TestWorld.OtherWriter, commentId: commentId));
        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
    }

    private async Task<string?> OwnerAsync(int issue)
    {
        string? owner = null;
        await Eventually.WaitAsync(
            async () => (owner = await ScalarAsync<string?>($"SELECT replica FROM issue_owners WHERE issue = '{_world.Issue(issue)}'")) is not null,
            $"a replica to hold #{issue}");
        return owner;
    }

    private async Task<JsonElement> SessionDataAsync(int issue) =>
        JsonDocument.Parse((await ScalarAsync<string?>($"SELECT data FROM sessions WHERE issue = '{_world.Issue(issue)}'"))!).RootElement.Clone();

    private async Task<JsonElement> StatusSessionAsync(string replica, int issue)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/status");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", StatusToken);
        using var response = await _replicas[replica].Client.SendAsync(request);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return status.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("issue").GetString() == _world.Issue(issue).ToString()).Clone();
    }

    private Task<T> ScalarAsync<T>(string sql) => PostgresSql.ScalarAsync<T>(_database, sql);
}
