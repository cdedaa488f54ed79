using Codemate.Core.Tests.Policy;
using Codemate.State;

namespace Codemate.Core.Tests.State;

/// <summary>Schema 8: delivery ids live in one B-tree keyed by the id; older databases are converted on open.</summary>
public sealed class DeliveriesTableTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly StateDatabase _database = new(Start);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_new_database_keys_deliveries_by_id_with_no_other_index()
    {
        using (var store = _database.Open())
        {
            await store.InitializeAsync(default);
        }

        Assert.Equal(["deliveries 1"], _database.Query<string>("SELECT name || ' ' || wr FROM pragma_table_list WHERE name = 'deliveries'"));
        Assert.Equal(["sqlite_autoindex_deliveries_1"], _database.Query<string>("SELECT name FROM pragma_index_list('deliveries')"));
    }

    [Fact]
    public async Task A_version_7_database_keeps_the_ids_it_has_seen_and_still_prunes_them()
    {
        _database.Execute($"""
            CREATE TABLE deliveries (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
            CREATE INDEX deliveries_received_at ON deliveries (received_at);
            INSERT INTO deliveries (id, received_at) VALUES ('seen-old', {Start.ToUnixTimeMilliseconds()});
            INSERT INTO deliveries (id, received_at) VALUES ('seen-new', {Start.AddDays(6).ToUnixTimeMilliseconds()});
            PRAGMA user_version = 7;
            """);

        using var store = _database.Open();
        Assert.Null(await store.TryAcceptAsync("seen-old", Events.Comment("bob"), default));
        Assert.Null(await store.TryAcceptAsync("seen-new", Events.Comment("bob"), default));
        Assert.Equal(["deliveries 1"], _database.Query<string>("SELECT name || ' ' || wr FROM pragma_table_list WHERE name = 'deliveries'"));
        Assert.Empty(_database.Query<string>("SELECT name FROM sqlite_schema WHERE name = 'deliveries_received_at'"));

        Assert.Equal(1, await store.PruneDeliveriesAsync(Start.AddDays(1), default));
        Assert.NotNull(await store.TryAcceptAsync("seen-old", Events.Comment("bob"), default));
        Assert.Null(await store.TryAcceptAsync("seen-new", Events.Comment("bob"), default));
    }
}
