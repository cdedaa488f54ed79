using Codemate.Configuration;
using Codemate.Hosting;
using Codemate.Workflow;
using Codemate.Workflow.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddCodemateWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateOptions<WorkflowOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(WorkflowOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkflowOptions>, WorkflowOptionsValidator>());
        services.TryAddScoped<IIssueHandler, IssueWorkflow>();
        services.TryAddSingleton<IdlePush>();
        services.TryAddSingleton<DailyBudget>();
        services.TryAddSingleton<SessionSlots>();
        services.TryAddSingleton<SessionActivity>();
        services.TryAddSingleton<AgentCommits>();
        services.TryAddSingleton<StatusReporter>();
        services.TryAddSingleton<FeedbackWaiting>();
        services.TryAddSingleton<QueuePromoter>();
        services.TryAddSingleton<SessionStopper>();
        services.TryAddSingleton<StartCheck>();
        services.TryAddSingleton<Codemate.Workflow.Checks.CheckFailureReader>();
        services.TryAddSingleton<Codemate.Workflow.Checks.CiFeedback>();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkflowOptions>>().Value.PricesFile is { Length: > 0 } prices
            ? Codemate.Usage.PriceTable.Load(prices)
            : Codemate.Usage.PriceTable.Shipped());
        services.TryAddSingleton<Codemate.Usage.UsageTracker>();
        services.TryAddSingleton<UsageBudget>();
        services.TryAddSingleton<Codemate.Workflow.Checks.CheckHeads>();
        services.TryAddSingleton<Codemate.Workflow.Reviews.ReviewReplies>();
        services.AddHostedService<SessionEventConsumer>();
        services.AddHostedService<SessionWatchdog>();
        services.AddHostedService<WorkspaceRetentionService>();
        return services;
    }
}
