using Codemate.Configuration;
using Codemate.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class PolicyServiceCollectionExtensions
{
    /// <summary>Adds <see cref="TriggerPolicyOptions"/> (validated on start), the default <see cref="ITriggerPolicy"/> and the <see cref="FloodGuard"/>.</summary>
    public static IServiceCollection AddCodematePolicy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCodemateOptions<TriggerPolicyOptions>(configuration)
            .Configure<CodemateConfiguration>((options, mapped) => mapped.GetSection(TriggerPolicyOptions.SectionName).Bind(options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerPolicyOptions>, TriggerPolicyOptionsAnnotations>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerPolicyOptions>, TriggerPolicyOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TriggerPolicyOptions>, RepositoryAllowListValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RepositoryAllowListWarning>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITriggerPolicy, TriggerPolicy>();
        services.TryAddSingleton<FloodGuard>();
        return services;
    }
}
