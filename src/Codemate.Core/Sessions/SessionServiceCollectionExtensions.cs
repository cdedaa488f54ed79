using Codemate.Configuration;
using Codemate.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class SessionServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Configure(options =>
        {
            configuration.GetSection(AgentOptions.SectionName).Bind(options);
            ConfigurationValues.String(configuration, EnvironmentVariables.Agent, v => options.Agent = v);
            ConfigurationValues.String(configuration, EnvironmentVariables.AgentCommand, v => options.Command = v);
            ConfigurationValues.String(configuration, EnvironmentVariables.SystemPromptFile, v => options.SystemPromptFile = v);
            ConfigurationValues.String(configuration, EnvironmentVariables.TmuxSocket, v => options.TmuxSocket = v);
        });
        services.TryAddSingleton<ISessionHost, TmuxSessionHost>();
        return services;
    }
}
