using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WorkspaceServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
