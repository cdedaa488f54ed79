using System.Diagnostics;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State;

public sealed class SqliteStateStoreTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private string DatabasePath => _root.Combine("state.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Deliveries_arriving_while_a_commit_waits_for_the_disk_share_the_next_commit()
    {
        using var store = Open();
        await store.InitializeAsync(default);

        // Another connection holds the write lock, as a slow disk would hold a commit: whatever batch the writer took
        // first waits, and every delivery arriving meanwhile must join one more commit, not queue for one each. How many
        // join per commit under real load depends on scheduling; that figure is the benchmarks' (benchmarks/).
        using var blocker = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        blocker.Open();
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var accepts = Enumerable.Range(0, 32).Select(i => store.TryAcceptAsync($"waiting-{i}", Opened(), default)).ToList();
        using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        Assert.All(await Task.WhenAll(accepts), Assert.NotNull);
        Assert.Equal(32, (await store.GetPendingWorkAsync(0, 100, default)).Count);
        Assert.InRange(store.AcceptCommits, 1, 2);
    }

    [Fact]
    public async Task Under_sustained_writes_the_log_starts_over_in_the_background_and_once_they_stop_it_is_emptied()
    {
        // Real time: the background pass runs on the store's clock.
        using var store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), TimeProvider.System);
        await store.InitializeAsync(default);
        var comment = Comment(string.Concat(Enumerable.Repeat("A comment long enough to matter. ", 200)));
        var written = 0L;

        // ~6.6 KB a delivery: without the background pass the log would only start over at SQLite's own checkpoint, which
        // is set 16 times further.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.WalRestarts < 2 && DateTime.UtcNow < deadline)
        {
            await Task.WhenAll(Enumerable.Range(0, 32).Select(c => Task.Run(async () =>
            {
                for (var i = 0; i < 10; i++)
                {
                    Assert.NotNull(await store.TryAcceptAsync($"wal-{Interlocked.Increment(ref written)}", comment, default));
                }
            })));
        }

        Assert.True(store.WalRestarts >= 2, $"{store.WalRestarts} restarts after {written} deliveries");

        // How far the log grew meanwhile depends on how the machine schedules the copy. What does not: once writes
        // stop, the log is emptied instead of keeping its largest size on disk.
        var log = new FileInfo(DatabasePath + "-wal");
        await Eventually.WaitAsync(() => { log.Refresh(); return log.Length == 0; }, $"the {log.Length}-byte log to be emptied", TimeSpan.FromSeconds(15));
        Assert.Equal(written, (await store.GetPendingWorkAsync(0, 100_000, default)).Count);
    }

    [Fact]
    public async Task A_new_database_gets_pages_that_hold_a_whole_comment()
    {
        using (var store = Open())
        {
            await store.InitializeAsync(default);
        }

        Assert.Equal(SqliteStateStore.PageSize, PageSizeOf(DatabasePath));
    }

    [Fact]
    public async Task A_database_made_with_smaller_pages_keeps_them_and_its_work()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE earlier (a);";
            create.ExecuteNonQuery();
        }

        using (var store = Open())
        {
            await store.InitializeAsync(default);
            Assert.NotNull(await store.TryAcceptAsync("d-small-pages", Comment("kept"), default));
        }

        Assert.Equal(4096, PageSizeOf(DatabasePath));
        using var reopened = Open();
        var pending = Assert.Single(await reopened.GetPendingWorkAsync(default));
        Assert.Equal("kept", Assert.IsType<IssueCommentCreated>(pending.Work).Body);
    }

    private static long PageSizeOf(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Work_written_as_text_by_an_earlier_version_is_still_read_back()
    {
        using (var store = Open())
        {
            await store.InitializeAsync(default);
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO work (issue, payload, created_at) VALUES ($issue, $payload, 0)";
            insert.Parameters.AddWithValue("$issue", Issue.ToString());
            insert.Parameters.AddWithValue("$payload", System.Text.Json.JsonSerializer.Serialize<IssueWork>(Comment("from text"), StateJson.Options));
            insert.ExecuteNonQuery();
        }

        using var reopened = Open();
        await reopened.TryAcceptAsync("d-blob", Comment("from bytes"), default);
        var pending = await reopened.GetPendingWorkAsync(default);

        Assert.Equal(["from text", "from bytes"], pending.Select(p => Assert.IsType<IssueCommentCreated>(p.Work).Body));
    }

    [Fact]
    public async Task An_accept_cancelled_before_its_batch_is_written_is_not_recorded()
    {
        using var store = Open();
        await store.InitializeAsync(default);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Either outcome is honest: not recorded (the caller hears so), or recorded because a batch took it first.
        PendingWork? result = null;
        var wasCancelled = false;
        try
        {
            result = await store.TryAcceptAsync("maybe", Opened(), cancelled.Token);
        }
        catch (OperationCanceledException)
        {
            wasCancelled = true;
        }

        var pending = await store.GetPendingWorkAsync(default);
        Assert.Equal(wasCancelled ? 0 : 1, pending.Count);
        Assert.Equal(wasCancelled, result is null);
        var again = await store.TryAcceptAsync("maybe", Opened(), default);
        Assert.Equal(wasCancelled, again is not null);
    }

    [Fact]
    public async Task An_accept_after_the_store_is_disposed_fails_at_once()
    {
        var store = Open();
        await store.InitializeAsync(default);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.TryAcceptAsync("late", Opened(), default));
    }

    [Fact]
    public async Task Disposing_the_store_twice_is_harmless()
    {
        var store = Open();
        await store.InitializeAsync(default);
        await store.TryAcceptAsync("before", Opened(), default);

        store.Dispose();
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.TryAcceptAsync("after", Opened(), default));
    }

    [Fact]
    public async Task A_database_failure_during_a_burst_of_accepts_fails_every_caller_in_it_with_a_clear_message()
    {
        await File.WriteAllBytesAsync(DatabasePath, new byte[8192]);
        using var store = Open();

        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(() => store.TryAcceptAsync($"d{i}", Opened(), default))).ToArray();

        foreach (var attempt in attempts)
        {
            var error = await Assert.ThrowsAsync<CodemateException>(() => attempt);
            Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_corrupt_database_fails_with_a_clear_message_and_is_left_untouched()
    {
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(DatabasePath, garbage);

        using var store = Open();
        var error = await Assert.ThrowsAsync<CodemateException>(() => store.InitializeAsync(default));

        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(DatabasePath));
    }

    [Fact]
    public async Task A_database_locked_by_another_process_fails_with_a_clear_message()
    {
        using (var setup = Open())
        {
            await setup.InitializeAsync(default);
        }

        SqliteConnection.ClearAllPools();
        using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        holder.Open();
        using (var mode = holder.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode = DELETE; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;";
            mode.ExecuteNonQuery();
        }

        using var store = Open();
        var error = await Assert.ThrowsAsync<CodemateException>(() => store.InitializeAsync(default));

        Assert.Contains("locked", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_marked_as_attempted_says_so_after_a_restart_and_others_do_not()
    {
        using (var first = Open())
        {
            var attempted = await first.EnqueueMessageAsync(Issue, "typed when the process died", default);
            await first.EnqueueMessageAsync(Issue, "never typed", default);
            await first.MarkMessageAttemptedAsync(attempted.Sequence, default);
        }

        using var second = Open();
        var messages = await second.GetMessagesAsync(Issue, default);
        Assert.Equal([true, false], messages.Select(m => m.Attempted));
    }

    [Fact]
    public async Task Work_codemate_gives_itself_queues_after_accepted_work_and_records_no_delivery()
    {
        using var store = Open();
        await store.TryAcceptAsync("d1", Opened(), default);
        var own = await store.EnqueueWorkAsync(Opened() with { DeliveryId = "own-1" }, default);

        Assert.Equal(["d1", "own-1"], (await store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
        Assert.Equal("own-1", own.Work.DeliveryId);
        // Its id was never recorded as a delivery: a webhook with that id is still new.
        Assert.NotNull(await store.TryAcceptAsync("own-1", Opened(), default));
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused_without_changes()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        using var store = Open();
        var error = await Assert.ThrowsAsync<CodemateException>(() => store.InitializeAsync(default));

        Assert.Contains("newer Codemate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_work_keeps_the_trace_context_of_the_span_that_accepted_it_across_a_restart()
    {
        using var accepting = new Activity("accept") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var first = Open())
        {
            Assert.Equal(accepting.Id, (await first.TryAcceptAsync("traced", Opened(), default))!.TraceParent);
        }

        accepting.Stop();
        using var second = Open();
        Assert.Equal(accepting.Id, Assert.Single(await second.GetPendingWorkAsync(default)).TraceParent);
    }

    [Fact]
    public async Task Work_queued_or_retried_by_Codemate_continues_the_trace_of_the_work_that_queued_it()
    {
        using var store = Open();
        var failed = (await store.TryAcceptAsync("failed", Comment("fails") with { DeliveryId = "failed" }, default))!;
        await store.ParkWorkAsync(failed, attempts: 3, "it failed on every attempt", default);

        using var running = new Activity("work") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start();
        var promoted = await store.EnqueueWorkAsync(Opened() with { DeliveryId = "promoted" }, default);
        await store.RequeueParkedWorkAsync(failed.Work.Issue, default);
        running.Stop();

        Assert.Equal(running.Id, promoted.TraceParent);
        var pending = await store.GetPendingWorkAsync(default);
        Assert.Equal(["promoted", "failed"], pending.Select(p => p.Work.DeliveryId));
        Assert.All(pending, p => Assert.Equal(running.Id, p.TraceParent));
    }

    [Fact]
    public async Task A_version_2_database_gains_the_trace_column_and_keeps_its_queued_work()
    {
        using (var old = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE deliveries (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
                CREATE TABLE work (seq INTEGER PRIMARY KEY AUTOINCREMENT, issue TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
                CREATE TABLE sessions (issue TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL, created_at INTEGER NOT NULL);
                CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, issue TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);
                CREATE TABLE message_keys (key TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
                PRAGMA user_version = 2;
                """;
            create.ExecuteNonQuery();
            using var insert = old.CreateCommand();
            insert.CommandText = "INSERT INTO work (issue, payload, created_at) VALUES ('octo/app#3', $payload, 0)";
            insert.Parameters.AddWithValue("$payload", System.Text.Json.JsonSerializer.Serialize<IssueWork>(Opened(), StateJson.Options));
            insert.ExecuteNonQuery();
        }

        using var store = Open();
        var before = Assert.Single(await store.GetPendingWorkAsync(default));
        await store.TryAcceptAsync("after-upgrade", Comment("new"), default);

        Assert.Equal("d1", before.Work.DeliveryId);
        Assert.Null(before.TraceParent);
        Assert.Equal(2, (await store.GetPendingWorkAsync(default)).Count);
    }

    private SqliteStateStore Open() =>
        new(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), _time);

    private static IssueOpened Opened() => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = "d1",
        Sender = new Actor("alice", false),
    };

    private static IssueCommentCreated Comment(string body) => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = "d2",
        Sender = new Actor("bob", false),
        CommentId = 5,
        Body = body,
        Author = new Actor("bob", false),
    };
}
