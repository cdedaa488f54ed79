using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State;

public sealed class ParkedWorkStoreTests : IDisposable
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
    public async Task Parked_work_leaves_the_queue_with_its_reason_and_a_retry_queues_it_again_behind_newer_work()
    {
        using var store = Open();
        var first = (await store.TryAcceptAsync("d1", Comment("d1", "first"), default))!;
        await store.TryAcceptAsync("d2", Comment("d2", "second"), default);
        var other = new IssueKey(RepositoryName.Create("octo", "app"), 4);
        await store.TryAcceptAsync("d3", Comment("d3", "elsewhere") with { Issue = other }, default);

        await store.ParkWorkAsync(first, attempts: 6, "tmux failed on every attempt", default);
        await store.ParkWorkAsync(first, attempts: 6, "parking twice is harmless", default);

        Assert.Equal(["d2", "d3"], (await store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
        var parked = Assert.Single(await store.GetParkedWorkAsync(default));
        Assert.Equal(new ParkedWork(first.Sequence, "octo/app#3", nameof(IssueCommentCreated), "d1", 6, "tmux failed on every attempt", _time.GetUtcNow()), parked);

        Assert.Equal(0, await store.RequeueParkedWorkAsync(other, default));
        Assert.Equal(1, await store.RequeueParkedWorkAsync(Issue, default));

        Assert.Empty(await store.GetParkedWorkAsync(default));
        var pending = await store.GetPendingWorkAsync(default);
        Assert.Equal(["d2", "d3", "d1"], pending.Select(p => p.Work.DeliveryId));
        Assert.Equal("first", Assert.IsType<IssueCommentCreated>(pending[2].Work).Body);
        Assert.True(pending[2].Sequence > pending[1].Sequence);
    }

    [Fact]
    public async Task Discarding_drops_only_the_issues_parked_work_and_leaves_the_queue_alone()
    {
        using var store = Open();
        var other = new IssueKey(RepositoryName.Create("octo", "app"), 4);
        var mine = (await store.TryAcceptAsync("d1", Comment("d1", "mine"), default))!;
        var theirs = (await store.TryAcceptAsync("d2", Comment("d2", "theirs") with { Issue = other }, default))!;
        await store.TryAcceptAsync("d3", Comment("d3", "still queued"), default);
        await store.ParkWorkAsync(mine, attempts: 6, "failed", default);
        await store.ParkWorkAsync(theirs, attempts: 6, "failed", default);

        Assert.Equal(1, await store.DiscardParkedWorkAsync(Issue, default));
        Assert.Equal(0, await store.DiscardParkedWorkAsync(Issue, default));

        Assert.Equal("octo/app#4", Assert.Single(await store.GetParkedWorkAsync(default)).Issue);
        Assert.Equal(["d3"], (await store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
        Assert.Equal(0, await store.RequeueParkedWorkAsync(Issue, default));
    }

    [Fact]
    public async Task Work_that_cannot_be_read_back_is_parked_and_the_readable_work_behind_it_still_fills_the_page()
    {
        using (var store = Open())
        {
            await store.InitializeAsync(default);
        }

        InsertRaw("octo/app#3", "{\"kind\":\"from_a_future_version\"}"u8.ToArray());
        InsertRaw("octo/app#3", "not json at all"u8.ToArray());
        using var reopened = Open();
        await reopened.TryAcceptAsync("good-1", Comment("good-1", "one"), default);
        await reopened.TryAcceptAsync("good-2", Comment("good-2", "two"), default);
        await reopened.TryAcceptAsync("good-3", Comment("good-3", "three"), default);

        var page = await reopened.GetPendingWorkAsync(afterSequence: 0, maxCount: 2, default);

        Assert.Equal(["good-1", "good-2"], page.Select(p => p.Work.DeliveryId));
        var parked = await reopened.GetParkedWorkAsync(default);
        Assert.Equal(2, parked.Count);
        Assert.All(parked, p =>
        {
            Assert.Equal(ParkedWork.Unreadable, p.Kind);
            Assert.Equal("octo/app#3", p.Issue);
            Assert.Null(p.DeliveryId);
            Assert.Equal("the stored event could not be read", p.Reason);
        });
        Assert.Equal(["good-1", "good-2", "good-3"], (await reopened.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
    }

    [Fact]
    public async Task A_database_from_before_parking_existed_gains_it_when_opened()
    {
        using (var store = Open())
        {
            await store.TryAcceptAsync("d1", Comment("d1", "kept"), default);
        }

        Execute("DROP TABLE dead_letters; DROP INDEX IF EXISTS dead_letters_issue; PRAGMA user_version = 4;");

        using var upgraded = Open();
        var pending = Assert.Single(await upgraded.GetPendingWorkAsync(default));
        await upgraded.ParkWorkAsync(pending, 1, "reason", default);

        Assert.Single(await upgraded.GetParkedWorkAsync(default));
    }

    private SqliteStateStore Open() =>
        new(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), _time);

    private void InsertRaw(string issue, byte[] payload)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO work (issue, payload, created_at) VALUES ($issue, $payload, 0)";
        insert.Parameters.AddWithValue("$issue", issue);
        insert.Parameters.AddWithValue("$payload", payload);
        insert.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static IssueCommentCreated Comment(string deliveryId, string body) => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = deliveryId,
        Sender = new Actor("bob", false),
        CommentId = 5,
        Body = body,
        Author = new Actor("bob", false),
    };
}
