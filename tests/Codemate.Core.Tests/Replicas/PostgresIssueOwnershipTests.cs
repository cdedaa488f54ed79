using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Replicas;
using Codemate.State;
using Codemate.Testing.Postgres;
using Npgsql;

namespace Codemate.Core.Tests.Replicas;

/// <summary>
/// Issue #23: replicas on one real PostgreSQL hold issues by leases their heartbeats renew. A replica going silent is
/// played by moving its heartbeat into the past, so nothing waits for a lease to run out.
/// </summary>
public sealed class PostgresIssueOwnershipTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private PostgresStores _db = null!;

    public async Task InitializeAsync() => _db = await PostgresStores.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task An_issue_is_held_by_one_replica_until_it_goes_silent_and_then_by_exactly_one_other()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        var c = await ReplicaAsync("c");

        Assert.True(await a.TryTakeAsync(Issue, default));
        Assert.True(await a.TryTakeAsync(Issue, default));
        Assert.False(await b.TryTakeAsync(Issue, default));
        Assert.Equal("a", (await c.SnapshotAsync(default)).OwnerOf(Issue));

        await _db.SilenceAsync("a");
        var takers = await Task.WhenAll(b.TryTakeAsync(Issue, default).AsTask(), c.TryTakeAsync(Issue, default).AsTask());

        Assert.Single(takers, taken => taken);
        var holder = takers[0] ? "b" : "c";
        Assert.Equal(holder, (await a.SnapshotAsync(default)).OwnerOf(Issue));
        Assert.False(await a.TryTakeAsync(Issue, default));
        await a.HeartbeatAsync(default);
        Assert.False(await a.TryTakeAsync(Issue, default));
        Assert.True((await a.SnapshotAsync(default)).IsElsewhere(Issue));
    }

    [Fact]
    public async Task A_released_issue_may_be_taken_by_any_replica_and_a_release_by_a_non_holder_changes_nothing()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.TryTakeAsync(Issue, default);

        await b.ReleaseAsync(Issue, default);
        Assert.False(await b.TryTakeAsync(Issue, default));
        await a.ReleaseAsync(Issue, default);

        Assert.Null((await a.SnapshotAsync(default)).OwnerOf(Issue));
        Assert.False((await a.SnapshotAsync(default)).IsHere(Issue));
        Assert.True(await b.TryTakeAsync(Issue, default));
        Assert.True((await b.SnapshotAsync(default)).IsHere(Issue));
    }

    [Fact]
    public async Task Orphans_are_the_starting_or_running_sessions_whose_holder_went_silent_or_that_nobody_holds()
    {
        var (store, a) = await _db.ReplicaAsync("a", Lease);
        var b = await ReplicaAsync("b");
        var running = Key(1);
        var preparing = Key(2);
        var done = Key(3);
        var nobody = Key(4);
        var alive = Key(5);
        foreach (var (issue, state) in new[] { (running, SessionState.Running), (preparing, SessionState.Preparing), (done, SessionState.Done), (nobody, SessionState.Running), (alive, SessionState.Running) })
        {
            await store.TryCreateSessionAsync(new SessionRecord { Issue = issue, SessionName = $"claude-octo-app-{issue.Number}", Branch = issue.Branch, State = state, CreatedAt = DateTimeOffset.UnixEpoch.AddMinutes(issue.Number) }, default);
        }

        foreach (var issue in new[] { running, preparing, done })
        {
            await a.TryTakeAsync(issue, default);
        }

        await b.TryTakeAsync(alive, default);
        Assert.Equal([nobody], (await b.OrphansAsync(default)).Select(o => o.Issue));

        await _db.SilenceAsync("a");
        var orphans = await b.OrphansAsync(default);

        Assert.Equal([running, preparing, nobody], orphans.Select(o => o.Issue));
        Assert.Equal(["a", "a", null], orphans.Select(o => o.LastReplica));
    }

    [Fact]
    public async Task A_second_live_replica_with_the_same_id_is_refused_naming_it_and_a_silent_one_is_replaced()
    {
        await ReplicaAsync("first");
        await _db.ExecuteAsync("INSERT INTO replicas (id, host, pid, webhook, started_at, heartbeat_at) VALUES ('twin', 'elsewhere', 4242, NULL, 0, now())");
        var withPassword = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Password = "hunter2hunter2" }.ToString();
        var second = _db.Store(withPassword);
        await second.InitializeAsync(default);

        var error = await Assert.ThrowsAsync<StateDatabaseInUseException>(() => second.RegisterReplicaAsync("twin", Lease, default));

        Assert.Contains("'twin' (pid 4242 on elsewhere)", error.Message, StringComparison.Ordinal);
        Assert.Contains(EnvironmentVariables.ReplicaId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2hunter2", error.Message, StringComparison.Ordinal);
        await _db.SilenceAsync("twin");
        await second.RegisterReplicaAsync("twin", Lease, default);
        Assert.Equal(Environment.ProcessId, await _db.ScalarAsync<int>("SELECT pid FROM replicas WHERE id = 'twin'"));
    }

    [Fact]
    public async Task A_replica_restarted_on_its_host_after_a_crash_takes_its_id_back_at_once()
    {
        await ReplicaAsync("steady");
        // The earlier run's process is gone: a pid that cannot be running.
        await _db.ExecuteAsync($"UPDATE replicas SET pid = {int.MaxValue}, host = '{Environment.MachineName}' WHERE id = 'steady'");
        var again = await _db.OpenAsync();

        await again.RegisterReplicaAsync("steady", Lease, default);

        Assert.Equal(Environment.ProcessId, await _db.ScalarAsync<int>("SELECT pid FROM replicas WHERE id = 'steady'"));
    }

    [Fact]
    public async Task A_graceful_stop_ends_the_lease_at_once_so_its_running_issues_are_orphans_right_away()
    {
        var leaving = await _db.OpenAsync();
        await leaving.RegisterReplicaAsync("leaving", Lease, default);
        var a = _db.Ownership(leaving, "leaving", Lease);
        var b = await ReplicaAsync("b");
        await leaving.TryCreateSessionAsync(new SessionRecord { Issue = Issue, SessionName = "claude-octo-app-3", Branch = Issue.Branch, State = SessionState.Running, CreatedAt = DateTimeOffset.UnixEpoch }, default);
        await a.TryTakeAsync(Issue, default);
        Assert.Empty(await b.OrphansAsync(default));

        await _db.CloseAsync(leaving);

        Assert.Equal([Issue], (await b.OrphansAsync(default)).Select(o => o.Issue));
        Assert.True(await b.TryTakeAsync(Issue, default));
    }

    [Fact]
    public async Task Work_queued_through_one_replica_wakes_a_replica_listening_on_another_connection()
    {
        var listening = await _db.OpenAsync();
        var accepting = await _db.OpenAsync();
        var woken = 0;
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var listen = listening.ListenForWorkAsync(() =>
        {
            // Once when listening starts (to read what came before), then once per commit that queued work.
            switch (Interlocked.Increment(ref woken))
            {
                case 1: first.TrySetResult(); break;
                case 2: second.TrySetResult(); break;
            }
        }, stop.Token);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await accepting.TryAcceptAsync("d1", new IssueOpened
        {
            Issue = Issue,
            Details = new IssueDetails("t", "b", "alice", "u", []),
            DeliveryId = "d1",
            Sender = new Actor("alice", IsBot: false),
        }, default);

        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }

    private static IssueKey Key(int number) => new(Issue.Repository, number);

    private async Task<PostgresIssueOwnership> ReplicaAsync(string id) => (await _db.ReplicaAsync(id, Lease)).Ownership;
}
