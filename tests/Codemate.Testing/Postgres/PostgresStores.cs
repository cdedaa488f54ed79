using Codemate.Configuration;
using Codemate.Replicas;
using Codemate.State.Postgres;
using Microsoft.Extensions.Options;

namespace Codemate.Testing.Postgres;

/// <summary>
/// One test's database of its own on the run's <see cref="PostgresServer"/>, and the stores the test opens on it (as
/// several replicas or processes would), all disposed with it. Internal, since its stores are Codemate.Core's.
/// </summary>
internal sealed class PostgresStores : IAsyncDisposable
{
    private readonly List<PostgresStateStore> _stores = [];

    private PostgresStores(string connectionString) => ConnectionString = connectionString;

    /// <summary>The database's connection string, in Npgsql's keyword form.</summary>
    public string ConnectionString { get; }

    /// <summary>A new, empty database.</summary>
    public static async Task<PostgresStores> CreateAsync() => new(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());

    /// <summary>A store on the database, not initialised; <paramref name="connectionString"/> reaches it another way (with a password, say).</summary>
    public PostgresStateStore Store(string? connectionString = null)
    {
        var store = new PostgresStateStore(Options.Create(new CodemateOptions { DatabaseUrl = connectionString ?? ConnectionString }), TimeProvider.System);
        lock (_stores)
        {
            _stores.Add(store);
        }

        return store;
    }

    /// <summary>A store on the database, initialised (the schema migrated).</summary>
    public async Task<PostgresStateStore> OpenAsync()
    {
        var store = Store();
        await store.InitializeAsync(default);
        return store;
    }

    /// <summary>A store joined as replica <paramref name="replicaId"/>, and that replica's view of who holds which issue.</summary>
    public async Task<(PostgresStateStore Store, PostgresIssueOwnership Ownership)> ReplicaAsync(string replicaId, TimeSpan lease)
    {
        var store = await OpenAsync();
        await store.RegisterReplicaAsync(replicaId, lease, default);
        return (store, Ownership(store, replicaId, lease));
    }

    /// <summary>Replica <paramref name="replicaId"/>'s view through <paramref name="store"/>.</summary>
    public PostgresIssueOwnership Ownership(PostgresStateStore store, string replicaId, TimeSpan lease) =>
        new(store, Options.Create(ReplicaOptions(replicaId, lease)));

    /// <summary>The settings of replica <paramref name="replicaId"/> on this database.</summary>
    public CodemateOptions ReplicaOptions(string replicaId, TimeSpan lease) =>
        new() { DatabaseUrl = ConnectionString, ReplicaId = replicaId, LeaseDuration = lease };

    /// <summary>Disposes <paramref name="store"/> now, as a stopping process would, instead of at the end of the test.</summary>
    public async Task CloseAsync(PostgresStateStore store)
    {
        lock (_stores)
        {
            _stores.Remove(store);
        }

        await store.DisposeAsync();
    }

    /// <summary>
    /// Plays replica <paramref name="replicaId"/> going silent for longer than any lease (paused, or cut off from the
    /// database): its heartbeat is moved into the past, so nothing waits for a lease to run out.
    /// </summary>
    public Task SilenceAsync(string replicaId) =>
        ExecuteAsync($"UPDATE replicas SET heartbeat_at = now() - interval '1 hour' WHERE id = '{replicaId}'");

    /// <summary>Runs <paramref name="sql"/> behind the stores' backs.</summary>
    public Task ExecuteAsync(string sql) => PostgresSql.ExecuteAsync(ConnectionString, sql);

    /// <summary>The first column of the first row <paramref name="sql"/> reads.</summary>
    public Task<T> ScalarAsync<T>(string sql) => PostgresSql.ScalarAsync<T>(ConnectionString, sql);

    public async ValueTask DisposeAsync()
    {
        PostgresStateStore[] stores;
        lock (_stores)
        {
            stores = [.. _stores];
            _stores.Clear();
        }

        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
