using Codemate.AspNetCore;
using Codemate.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Codemate to an ASP.NET Core application.</summary>
public static class CodemateServiceCollectionExtensions
{
    /// <summary>
    /// Adds Codemate's services, bound from <paramref name="configuration"/>: the <c>Codemate</c> section and
    /// the original's environment variable names (<c>GITHUB_WEBHOOK_SECRET</c>, <c>GITHUB_TOKEN</c>, ...).
    /// Options are validated when the host starts. Calling it twice is harmless.
    /// </summary>
    public static CodemateBuilder AddCodemate(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddCodemateCore(configuration);
        if (!services.Any(d => d.ServiceType == typeof(CodemateHealthCheck)))
        {
            services.AddSingleton<CodemateHealthCheck>();
            services.AddHealthChecks().AddCheck<CodemateHealthCheck>("codemate");
        }

        return builder;
    }
}
