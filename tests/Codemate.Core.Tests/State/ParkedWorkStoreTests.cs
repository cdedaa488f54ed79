using Codemate.Issues;
using Codemate.State;

namespace Codemate.Core.Tests.State;

public sealed class ParkedWorkStoreTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private readonly StateDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_database_from_before_parking_existed_gains_it_when_opened()
    {
        using (var store = _database.Open())
        {
            await store.TryAcceptAsync("d1", Comment("d1", "kept"), default);
        }

        _database.Execute("DROP TABLE dead_letters; DROP INDEX IF EXISTS dead_letters_issue; PRAGMA user_version = 4;");

        using var upgraded = _database.Open();
        var pending = Assert.Single(await upgraded.GetPendingWorkAsync(default));
        await upgraded.ParkWorkAsync(pending, 1, "reason", default);

        Assert.Single(await upgraded.GetParkedWorkAsync(default));
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
