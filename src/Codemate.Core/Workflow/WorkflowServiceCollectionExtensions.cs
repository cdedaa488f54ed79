using Codemate.Hosting;
using Codemate.Workflow;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateWorkflow(this IServiceCollection services)
    {
        services.TryAddScoped<IIssueHandler, IssueWorkflow>();
        services.TryAddSingleton<IdlePushService>();
        services.AddHostedService(sp => sp.GetRequiredService<IdlePushService>());
        return services;
    }
}
