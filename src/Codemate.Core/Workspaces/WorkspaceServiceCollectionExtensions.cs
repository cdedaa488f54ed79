using Codemate.Configuration;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WorkspaceServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateMetrics();
        services.AddCodemateOptions<WorkspaceOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(WorkspaceOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsAnnotations>());
        services.TryAddSingleton<IGitRunner, CliGitRunner>();
        services.TryAddSingleton<IWorkspaceManager, WorkspaceManager>();
        services.TryAddSingleton<IPullRequestPreparer, PullRequestPreparer>();
        services.TryAddSingleton<WorkspaceCheckpoint>();
        return services;
    }
}
