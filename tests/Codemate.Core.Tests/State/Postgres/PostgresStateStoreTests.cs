using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.State.Postgres;
using Codemate.Testing;
using Codemate.Testing.Postgres;
using Npgsql;

namespace Codemate.Core.Tests.State.Postgres;

/// <summary>What only the PostgreSQL store has to prove: migrations and several store instances at once.</summary>
public sealed class PostgresStateStoreTests : IAsyncLifetime
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private PostgresStores _db = null!;

    public async Task InitializeAsync() => _db = await PostgresStores.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_database_written_by_a_newer_Codemate_is_refused_naming_both_schemas_and_not_the_password()
    {
        await (await _db.OpenAsync()).InitializeAsync(default);
        await _db.ExecuteAsync("INSERT INTO codemate_schema (version) VALUES (99)");
        var withPassword = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Password = "hunter2hunter2" }.ToString();

        var error = await Assert.ThrowsAsync<CodemateException>(() => _db.Store(withPassword).InitializeAsync(default));

        Assert.Contains("schema 99", error.Message, StringComparison.Ordinal);
        Assert.Contains($"knows up to {PostgresStateStore.SchemaVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains(EnvironmentVariables.DatabaseUrl, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_stores_starting_together_on_an_empty_database_migrate_it_once()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _db.Store().InitializeAsync(default)));

        Assert.Equal(PostgresStateStore.SchemaVersion, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM codemate_schema"));
    }

    [Fact]
    public async Task Work_accepted_through_two_stores_at_once_is_never_skipped_by_a_reader_following_the_sequence()
    {
        var stores = new[] { await _db.OpenAsync(), await _db.OpenAsync() };
        var accepting = Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => stores[i % 2].TryAcceptAsync($"d{i}", Opened($"d{i}"), default))));
        var seen = new List<long>();
        var last = 0L;
        var reader = await _db.OpenAsync();
        while (true)
        {
            var done = accepting.IsCompleted;
            foreach (var pending in await reader.GetPendingWorkAsync(last, 1000, default))
            {
                seen.Add(pending.Sequence);
                last = pending.Sequence;
            }

            if (done)
            {
                break;
            }
        }

        var accepted = (await accepting).Select(p => p!.Sequence).Order().ToList();
        Assert.Equal(accepted, seen);
    }

    [Fact]
    public async Task Deliveries_arriving_while_a_batch_waits_for_the_queue_share_the_next_commit()
    {
        var store = await _db.OpenAsync();
        // Another session holds the queue's lock, as a slow commit would: the first batch waits inside its transaction.
        await using var holder = new NpgsqlConnection(_db.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock($1)", holder))
        {
            take.Parameters.AddWithValue(PostgresStateStore.WorkLock);
            await take.ExecuteNonQueryAsync();
        }

        var first = store.TryAcceptAsync("first", Opened("first"), default);
        await Eventually.WaitAsync(() => store.WaitingAccepts == 0, "the first delivery to be taken into a batch");
        var rest = Enumerable.Range(0, 30).Select(i => store.TryAcceptAsync($"d{i}", Opened($"d{i}"), default)).ToList();
        await Eventually.WaitAsync(() => store.WaitingAccepts == 30, "the other deliveries to wait for the next batch");
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", holder))
        {
            release.Parameters.AddWithValue(PostgresStateStore.WorkLock);
            await release.ExecuteNonQueryAsync();
        }

        Assert.NotNull(await first);
        Assert.All(await Task.WhenAll(rest), Assert.NotNull);
        Assert.Equal(2, store.AcceptCommits);
        Assert.Equal(31, (await store.GetPendingWorkAsync(default)).Count);
    }

    [Fact]
    public async Task Updates_of_one_record_through_two_stores_at_once_keep_every_change()
    {
        var stores = new[] { await _db.OpenAsync(), await _db.OpenAsync() };
        await stores[0].TryCreateSessionAsync(new SessionRecord { Issue = Issue, SessionName = "claude-octo-app-3", Branch = "issue-3", State = SessionState.Preparing }, default);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            stores[i % 2].UpdateSessionAsync(Issue, r => r with { LastError = (r.LastError ?? string.Empty) + "x" }, default))));

        Assert.Equal(new string('x', 40), (await stores[1].GetSessionAsync(Issue, default))!.LastError);
    }

    private static IssueOpened Opened(string deliveryId) => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = deliveryId,
        Sender = new Actor("alice", false),
    };
}
