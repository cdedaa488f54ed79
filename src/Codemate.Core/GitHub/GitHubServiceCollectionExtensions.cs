using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// GitHub authentication (<see cref="IGitHubCredentials"/>: PAT or GitHub App), the Octokit-based
    /// <see cref="IGitHubApi"/> and <see cref="IGitHubIdentity"/>, with options validated at startup.
    /// </summary>
    public static IServiceCollection AddCodemateGitHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddCodemateOptions<GitHubOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(GitHubOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());

        services.TryAddSingleton<GitHubConnectionFactory>();
        services.TryAddSingleton(sp => CreateAppJwt(sp));
        services.TryAddSingleton<GitHubAppClient>();
        services.TryAddSingleton<IGitHubCredentials>(sp => sp.GetRequiredService<IOptions<GitHubOptions>>().Value.UsesApp
            ? ActivatorUtilities.CreateInstance<GitHubAppCredentials>(sp)
            : ActivatorUtilities.CreateInstance<PersonalAccessTokenCredentials>(sp));
        services.TryAddSingleton<GitHubClients>();
        services.TryAddSingleton<IGitHubApi, OctokitGitHubApi>();
        services.TryAddSingleton<IGitHubChecksApi, OctokitChecksApi>();
        services.TryAddSingleton<IGitHubPullRequestsApi, OctokitPullRequestsApi>();
        services.TryAddSingleton<IGitHubIdentity, GitHubIdentity>();
        services.AddHostedService<GitHubStartup>();
        return services;
    }

    private static GitHubAppJwt CreateAppJwt(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GitHubOptions>>().Value;
        if (options.AppId is not { } appId || !GitHubAppKey.TryLoad(options, out var key, out var error))
        {
            throw new InvalidOperationException("GitHub App authentication is not configured.");
        }

        return new GitHubAppJwt(key, appId, services.GetRequiredService<TimeProvider>());
    }
}
