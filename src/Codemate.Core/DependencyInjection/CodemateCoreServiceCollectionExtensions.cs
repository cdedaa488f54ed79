using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.DependencyInjection;
using Codemate.Health;
using Codemate.Hosting;
using Codemate.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Codemate's core services. Host adapters call this; a second call changes nothing.</summary>
public static class CodemateCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the webhook pipeline, GitHub access, workspaces, agent sessions and the state store, bound from
    /// <paramref name="configuration"/> (the <c>Codemate</c> section and the original's environment variable names).
    /// </summary>
    public static CodemateBuilder AddCodemateCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new CodemateBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(CodemateMarker)))
        {
            return builder;
        }

        services.AddSingleton<CodemateMarker>();
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddCodemateOptions<CodemateOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(CodemateOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CodemateOptions>, CodemateOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CodemateOptions>, CodemateOptionsValidator>());

        services.AddCodemateMetrics();
        services.AddHostedService<SessionGauges>();
        services.AddCodemateState();
        services.AddCodemateReplicas();
        services.AddCodemateGitHub(configuration);
        services.AddCodemateSessions(configuration);
        services.AddCodemateWorkspaces(configuration);
        services.AddCodematePolicy(configuration);

        services.TryAddSingleton<WorkQueue>();
        services.TryAddSingleton<DispatcherHealth>();
        services.TryAddSingleton<IWebhookReceiver, WebhookReceiver>();
        services.TryAddSingleton(sp => new WebhookHandoff(sp.GetRequiredService<Codemate.State.IStateStore>(), sp.GetRequiredService<Codemate.State.StateOwnership>(), sp.GetRequiredService<IOptions<CodemateOptions>>()));
        services.TryAddSingleton(sp => new CodemateWebhooks(sp.GetRequiredService<IWebhookReceiver>(), sp.GetRequiredService<CodemateMetrics>()));
        services.TryAddSingleton<ICodemateHealth, CodemateHealth>();
        services.TryAddSingleton(sp => new CodemateStatus(sp.GetRequiredService<Codemate.State.IStateStore>(), sp.GetRequiredService<Codemate.Sessions.ISessionHost>(), sp.GetRequiredService<Codemate.Sessions.ISessionSupervisor>(), sp.GetRequiredService<DispatcherHealth>(), sp.GetRequiredService<Codemate.Usage.TranscriptLogs>(), sp.GetRequiredService<Codemate.Replicas.IIssueOwnership>(), sp.GetRequiredService<Codemate.Sessions.TmuxSockets>()));
        services.TryAddSingleton<Codemate.Usage.TranscriptLogs>();
        services.TryAddSingleton(sp => new Codemate.Doctor.CodemateDoctor(sp));
        services.AddCodemateWorkflow(configuration);
        services.AddHostedService<WorkDispatcher>();
        return builder;
    }

    private sealed class CodemateMarker;
}
