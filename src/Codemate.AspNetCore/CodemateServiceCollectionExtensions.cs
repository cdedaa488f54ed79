using Codemate.AspNetCore;
using Codemate.DependencyInjection;
using Codemate.Diagnostics;
using OpenTelemetry.Metrics;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Codemate to an ASP.NET Core application.</summary>
public static class CodemateServiceCollectionExtensions
{
    /// <summary>
    /// Adds Codemate's services, bound from <paramref name="configuration"/>: the <c>Codemate</c> section and
    /// the original's environment variable names (<c>GITHUB_WEBHOOK_SECRET</c>, <c>GITHUB_TOKEN</c>, ...).
    /// Options are validated when the host starts. Calling it twice is harmless. Adds Codemate's meter and a Prometheus
    /// exporter to the app's OpenTelemetry metrics, for <c>MapCodemateMetrics</c>.
    /// </summary>
    public static CodemateBuilder AddCodemate(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddCodemateCore(configuration);
        if (!services.Any(d => d.ServiceType == typeof(CodemateHealthCheck)))
        {
            services.AddSingleton<CodemateHealthCheck>();
            services.AddHealthChecks().AddCheck<CodemateHealthCheck>("codemate");
            // The app's own OpenTelemetry setup, if it has one, is the same provider: this adds to it.
            services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CodemateTelemetry.MeterName).AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary>
    /// Adds Codemate's services configured in code: <paramref name="configure"/> sets <see cref="Codemate.Configuration.CodemateOptions"/>,
    /// and nothing is read from the app's configuration or environment for them. Configure the other options
    /// (<c>GitHubOptions</c>, <c>AgentOptions</c>, ...) with <c>services.Configure&lt;T&gt;</c>. Validated when the host starts,
    /// like <see cref="AddCodemate(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    public static CodemateBuilder AddCodemate(this IServiceCollection services, Action<Codemate.Configuration.CodemateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddCodemate(new ConfigurationBuilder().Build());
        services.Configure(configure);
        return builder;
    }
}
