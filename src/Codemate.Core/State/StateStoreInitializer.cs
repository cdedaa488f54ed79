using Codemate.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Codemate.State;

/// <summary>
/// Opens and migrates the state store at startup, so a bad database fails the start with its message. The SQLite
/// store's file gets one owner: a second process on it refuses to start instead of running the same work twice. On
/// PostgreSQL the process joins as a replica (<c>CODEMATE_REPLICA_ID</c>), refused only when a live one has its id.
/// </summary>
internal sealed class StateStoreInitializer(IStateStore store, StateOwnership ownership, IOptions<CodemateOptions> options) : IHostedService
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
            await postgres.RegisterReplicaAsync(options.Value.ResolvedReplicaId, options.Value.LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
