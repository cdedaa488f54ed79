using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.State;

public sealed class SqliteStateStoreKeyTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private readonly TempDirectory _root = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Text_queued_under_a_key_is_never_queued_again_even_after_delivery_and_restart()
    {
        using (var first = Open())
        {
            var queued = await first.TryEnqueueMessageAsync(Issue, "comment:5", "hello", default);
            Assert.NotNull(queued);
            Assert.Null(await first.TryEnqueueMessageAsync(Issue, "comment:5", "hello again", default));
            await first.RemoveMessageAsync(queued.Sequence, default);
        }

        using var second = Open();
        Assert.Null(await second.TryEnqueueMessageAsync(Issue, "comment:5", "hello", default));
        Assert.NotNull(await second.TryEnqueueMessageAsync(Issue, "comment:6", "next", default));
        Assert.NotNull(await second.TryEnqueueMessageAsync(new IssueKey(Issue.Repository, 4), "comment:5", "same key, other issue", default));
        Assert.Equal(["next"], (await second.GetMessagesAsync(Issue, default)).Select(m => m.Text));
    }

    [Fact]
    public async Task Concurrent_updates_of_one_record_keep_every_change()
    {
        using var store = Open();
        await store.TryCreateSessionAsync(Record(), default);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            store.UpdateSessionAsync(Issue, r => r with { LastError = (r.LastError ?? string.Empty) + "x" }, default))));

        Assert.Equal(new string('x', 50), (await store.GetSessionAsync(Issue, default))!.LastError);
        Assert.Null(await store.UpdateSessionAsync(new IssueKey(Issue.Repository, 99), r => r, default));
    }

    private static SessionRecord Record() => new()
    {
        Issue = Issue,
        SessionName = "claude-octo-app-3",
        Branch = "issue-3",
        State = SessionState.Preparing,
    };

    private SqliteStateStore Open() =>
        new(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), TimeProvider.System);
}
