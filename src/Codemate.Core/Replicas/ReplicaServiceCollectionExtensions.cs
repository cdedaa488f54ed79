using Codemate.Configuration;
using Codemate.Replicas;
using Codemate.State;
using Codemate.State.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ReplicaServiceCollectionExtensions
{
    /// <summary>Who runs which issue: this process alone, or replicas sharing a PostgreSQL database.</summary>
    public static IServiceCollection AddCodemateReplicas(this IServiceCollection services)
    {
        services.TryAddSingleton<IIssueOwnership>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CodemateOptions>>();
            return sp.GetRequiredService<IStateStore>() is PostgresStateStore postgres
                ? new PostgresIssueOwnership(postgres, options)
                : new SoleReplica(options.Value.ResolvedReplicaId);
        });
        services.AddHostedService<WorkNotifications>();
        services.AddHostedService<ReplicaHeartbeat>();
        return services;
    }
}
