using Microsoft.Extensions.Hosting;

namespace Codemate.State;

/// <summary>Opens and migrates the state store at startup, so a bad database fails the start with its message.</summary>
internal sealed class StateStoreInitializer(IStateStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
