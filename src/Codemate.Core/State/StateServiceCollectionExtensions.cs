using Codemate.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class StateServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateState(this IServiceCollection services)
    {
        services.TryAddSingleton<IStateStore, SqliteStateStore>();
        services.TryAddSingleton<SessionLifecycle>();
        services.TryAddSingleton<StateOwnership>();
        // Registered first so a corrupt or locked database stops startup before anything else runs.
        services.Insert(0, ServiceDescriptor.Singleton<Hosting.IHostedService, StateStoreInitializer>());
        services.AddHostedService<DeliveryRetentionService>();
        return services;
    }
}
