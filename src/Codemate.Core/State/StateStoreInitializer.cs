using Microsoft.Extensions.Hosting;

namespace Codemate.State;

/// <summary>
/// Opens and migrates the state store at startup, so a bad database fails the start with its message. The SQLite
/// store's file gets one owner first: a second process on it refuses to start instead of running the same work twice.
/// </summary>
internal sealed class StateStoreInitializer(IStateStore store, StateOwnership ownership) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is SqliteStateStore)
        {
            ownership.Acquire();
        }

        return store.InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
