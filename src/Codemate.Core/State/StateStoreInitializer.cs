using Microsoft.Extensions.Hosting;

namespace Codemate.State;

/// <summary>
/// Opens and migrates the state store at startup, so a bad database fails the start with its message. The SQLite
/// store's file (or the PostgreSQL database, once migrated) gets one owner: a second process on it refuses to start instead of running the same work twice.
/// </summary>
internal sealed class StateStoreInitializer(IStateStore store, StateOwnership ownership) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is SqliteStateStore)
        {
            ownership.Acquire();
        }

        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (store is Postgres.PostgresStateStore postgres)
        {
            await postgres.AcquireOwnershipAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
