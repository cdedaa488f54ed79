using Codemate.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class StateServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateState(this IServiceCollection services)
    {
        // CODEMATE_DATABASE_URL picks PostgreSQL; without it the state is one SQLite file.
        services.TryAddSingleton<IStateStore>(sp =>
            sp.GetRequiredService<Options.IOptions<Codemate.Configuration.CodemateOptions>>().Value.DatabaseUrl is null
                ? ActivatorUtilities.CreateInstance<SqliteStateStore>(sp)
                : ActivatorUtilities.CreateInstance<Codemate.State.Postgres.PostgresStateStore>(sp));
        services.TryAddSingleton<SessionLifecycle>();
        services.TryAddSingleton<StateOwnership>();
        // Registered first so a corrupt or locked database stops startup before anything else runs.
        services.Insert(0, ServiceDescriptor.Singleton<Hosting.IHostedService, StateStoreInitializer>());
        services.AddHostedService<DeliveryRetentionService>();
        return services;
    }
}
