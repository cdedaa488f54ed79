using System.Collections.Concurrent;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Replicas;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Replicas;

/// <summary>
/// Issue #23: a replica that comes back after another took its issues stops what is left of those issues' sessions on
/// its host. Replicas share one real PostgreSQL; this host's tmux and its agents are substitutes, since what is proven is
/// which sessions the heartbeat ends and that it writes nothing while doing so.
/// </summary>
public sealed class ReplicaHeartbeatTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly IssueKey TakenOver = new(RepositoryName.Create("octo", "app"), 1);
    private static readonly IssueKey StillHere = new(RepositoryName.Create("octo", "app"), 2);
    private readonly FakeTimeProvider _time = new();
    private PostgresStores _db = null!;

    public async Task InitializeAsync() => _db = await PostgresStores.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_replica_back_after_its_lease_lapsed_abandons_the_sessions_another_took_over_and_records_nothing()
    {
        var (storeA, a) = await _db.ReplicaAsync("a", Lease);
        var (storeB, b) = await _db.ReplicaAsync("b", Lease);
        foreach (var issue in new[] { TakenOver, StillHere })
        {
            await storeA.TryCreateSessionAsync(new SessionRecord { Issue = issue, SessionName = Session(issue), Branch = issue.Branch, State = SessionState.Running, CreatedAt = DateTimeOffset.UnixEpoch }, default);
            Assert.True(await a.TryTakeAsync(issue, default));
        }

        // A's tmux runs both agents; an abandoned one is gone from it.
        var tmux = new ConcurrentDictionary<string, IssueKey>(StringComparer.Ordinal) { [Session(TakenOver)] = TakenOver, [Session(StillHere)] = StillHere };
        var rounds = 0;
        var host = Substitute.For<ISessionHost>();
        host.ListAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            Interlocked.Increment(ref rounds);
            return tmux.Keys.ToList();
        });
        var sessions = Substitute.For<ISessionSupervisor>();
        sessions.AbandonAsync(Arg.Any<IssueKey>(), Arg.Any<CancellationToken>())
            .Returns(call => tmux.TryRemove(Session(call.Arg<IssueKey>()), out _) ? Task.CompletedTask : throw new InvalidOperationException("abandoned twice"));

        // A is paused past its lease (its heartbeat has not run since it joined). B takes the issue it has work for, as
        // B's dispatcher does, and records its own agent there.
        await _db.SilenceAsync("a");
        Assert.True(await b.TryTakeAsync(TakenOver, default));
        await storeB.UpdateSessionAsync(TakenOver, r => r with { Workspace = "/b/workspaces/octo-app-1", StartedAt = DateTimeOffset.UnixEpoch.AddHours(1) }, default);
        var written = await SharedStateAsync();

        // A comes back: its heartbeat runs again, at once and then every third of the lease on its clock.
        using var heartbeat = new ReplicaHeartbeat(a, storeA, host, sessions, new WorkQueue(), Options.Create(_db.ReplicaOptions("a", Lease)), _time, NullLogger<ReplicaHeartbeat>.Instance);
        await heartbeat.StartAsync(default);
        // A round has ended once the next one lists the sessions again.
        await Eventually.WaitAsync(
            () =>
            {
                _time.Advance(Lease / 3);
                return Volatile.Read(ref rounds) >= 2;
            },
            "A's heartbeat to run two rounds");
        await heartbeat.StopAsync(default);

        await sessions.Received(1).AbandonAsync(TakenOver, Arg.Any<CancellationToken>());
        await sessions.DidNotReceive().AbandonAsync(StillHere, Arg.Any<CancellationToken>());
        await sessions.DidNotReceive().StopSessionAsync(Arg.Any<IssueKey>(), Arg.Any<CancellationToken>());
        Assert.Equal([Session(StillHere)], tmux.Keys);
        Assert.Equal(written, await SharedStateAsync());
        var owners = await b.SnapshotAsync(default);
        Assert.Equal("b", owners.OwnerOf(TakenOver));
        Assert.Equal("a", owners.OwnerOf(StillHere));
    }

    private static string Session(IssueKey issue) => $"claude-octo-app-{issue.Number}";

    /// <summary>The sessions' records, who holds which issue, and the queued work and text, as stored.</summary>
    private Task<string> SharedStateAsync() => _db.ScalarAsync<string>(
        "SELECT concat_ws(E'\\n', " +
        "(SELECT string_agg(issue || ' ' || state || ' ' || name || ' ' || data, E'\\n' ORDER BY issue) FROM sessions), " +
        "(SELECT string_agg(issue || ' ' || replica || ' ' || since, E'\\n' ORDER BY issue) FROM issue_owners), " +
        "(SELECT string_agg(seq || ' ' || issue, E'\\n' ORDER BY seq) FROM work), " +
        "(SELECT string_agg(seq || ' ' || issue || ' ' || text, E'\\n' ORDER BY seq) FROM messages))");
}
