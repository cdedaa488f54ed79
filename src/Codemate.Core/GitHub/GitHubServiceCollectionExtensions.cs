using Codemate.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class GitHubServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateGitHub(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.TryAddSingleton<IGitHubIdentity, UnknownGitHubIdentity>();
        return services;
    }
}
