using Codemate.Configuration;
using Codemate.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class SessionServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateMetrics();
        services.AddCodemateOptions<AgentOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(AgentOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddSingleton<IAgentUser, ProcessAgentUser>();
        // First of all hosted services (ahead of the state store's, which AddCodemateState registered before this):
        // a server that refuses to run as root must not create root-owned files first.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, AgentUserCheck>());
        if (!services.Any(d => d.ImplementationType == typeof(AgentSandboxCheck)))
        {
            services.Insert(1, ServiceDescriptor.Singleton<IHostedService, AgentSandboxCheck>());
        }
        services.TryAddSingleton<TmuxSockets>();
        services.TryAddSingleton<ISessionHost, TmuxSessionHost>();
        services.TryAddSingleton<SessionPaths>();
        services.TryAddSingleton<AgentEnvironment>();
        services.TryAddSingleton<AgentSandbox>();
        services.TryAddSingleton<SecretRedactor>();
        services.TryAddSingleton<AgentGitCredentials>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GitCredentialServer>());
        services.TryAddSingleton(new ClaudeModelSettings(configuration));
        services.TryAddSingleton<ClaudeCodeProfile>();
        services.TryAddSingleton<CommandAgentProfile>();
        services.TryAddSingleton<IAgentProfile, ConfiguredAgentProfile>();
        services.TryAddSingleton<SessionEventChannel>();
        services.TryAddSingleton<ISessionSupervisor, SessionSupervisor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionResumer>());
        return services;
    }
}
