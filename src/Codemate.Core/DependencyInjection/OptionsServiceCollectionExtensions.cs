using Codemate.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class OptionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TOptions"/> validated on start, over the mapped <paramref name="configuration"/>, with
    /// its unreadable values reported first. The caller binds its section (the binder's source generator needs the
    /// concrete type at the call).
    /// </summary>
    public static OptionsBuilder<TOptions> AddCodemateOptions<TOptions>(this IServiceCollection services, IConfiguration configuration)
        where TOptions : class
    {
        CodemateConfiguration.Register(services, configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ConfigurationProblemValidator<TOptions>>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }
}
