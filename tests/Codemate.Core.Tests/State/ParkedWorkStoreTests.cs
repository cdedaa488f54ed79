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
