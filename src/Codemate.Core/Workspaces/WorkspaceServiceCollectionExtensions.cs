using Codemate.Configuration;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WorkspaceServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateWorkspaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateMetrics();
        services.AddOptions<WorkspaceOptions>()
            .Configure(options =>
            {
                configuration.GetSection(WorkspaceOptions.SectionName).Bind(options);
                ConfigurationValues.String(configuration, WorkspaceOptions.CommitterNameVariable, v => options.CommitterName = v);
                ConfigurationValues.String(configuration, WorkspaceOptions.CommitterEmailVariable, v => options.CommitterEmail = v);
                ConfigurationValues.String(configuration, WorkspaceOptions.GitPathVariable, v => options.GitPath = v);
                ConfigurationValues.Boolean(configuration, EnvironmentVariables.SpareWorkspace, v => options.SpareWorkspace = v);
                ConfigurationValues.Int32(configuration, WorkspaceOptions.CheckpointMaxFilesVariable, v => options.CheckpointMaxFiles = v);
                ConfigurationValues.Int32(configuration, WorkspaceOptions.CheckpointMaxMegabytesVariable, v => options.CheckpointMaxMegabytes = v);
                ConfigurationValues.Int32(configuration, WorkspaceOptions.CheckpointMaxFileMegabytesVariable, v => options.CheckpointMaxFileMegabytes = v);
                ConfigurationValues.Seconds(configuration, WorkspaceOptions.CheckpointTimeoutVariable, v => options.CheckpointTimeout = v);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IGitRunner, CliGitRunner>();
        services.TryAddSingleton<IWorkspaceManager, WorkspaceManager>();
        services.TryAddSingleton<IPullRequestPreparer, PullRequestPreparer>();
        services.TryAddSingleton<WorkspaceCheckpoint>();
        return services;
    }
}
