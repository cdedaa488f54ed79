using System.Diagnostics.CodeAnalysis;
using Codemate.AspNetCore;
using Codemate.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Codemate's endpoints.</summary>
public static class CodemateEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>POST {pattern}</c> to Codemate's webhook receiver.</summary>
    /// <exception cref="InvalidOperationException"><c>AddCodemate</c> was not called.</exception>
    public static IEndpointConventionBuilder MapCodemate(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/webhook")
    {
        EnsureServices(endpoints);
        return endpoints.MapPost(pattern, WebhookEndpoint.HandleAsync).WithDisplayName("Codemate webhook");
    }

    /// <summary>Maps <c>GET {pattern}</c> to the session report (<c>status</c>, <c>active_sessions</c>, <c>total_sessions</c>).</summary>
    /// <exception cref="InvalidOperationException"><c>AddCodemate</c> was not called.</exception>
    public static IEndpointConventionBuilder MapCodemateHealth(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/health")
    {
        EnsureServices(endpoints);
        return endpoints.MapHealthChecks(pattern, new Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Name == "codemate",
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).WithDisplayName("Codemate health");
    }

    /// <summary>
    /// Maps <c>GET {pattern}</c> to the detailed status report: each session's state, agent status, last error,
    /// queued message count and times. It requires <c>Authorization: Bearer</c> with <c>CODEMATE_STATUS_TOKEN</c>
    /// (401 otherwise) and answers 404 while no token is configured. It never shows a token or queued text.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddCodemate</c> was not called.</exception>
    public static IEndpointConventionBuilder MapCodemateStatus(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/status")
    {
        EnsureServices(endpoints);
        return endpoints.MapGet(pattern, StatusEndpoint.HandleAsync).WithDisplayName("Codemate status");
    }

    /// <summary>
    /// Maps <c>GET {pattern}</c> to Codemate's metrics in the Prometheus text format (OpenTelemetry's Prometheus
    /// exporter: with Codemate's meter, whatever else the app's meter provider collects). With
    /// <c>CODEMATE_STATUS_TOKEN</c> set it requires <c>Authorization: Bearer</c> with that token (401 otherwise).
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>AddCodemate</c> was not called.</exception>
    public static IEndpointConventionBuilder MapCodemateMetrics(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/metrics")
    {
        EnsureServices(endpoints);
        return endpoints.MapPrometheusScrapingEndpoint(pattern, meterProvider: null, MetricsEndpoint.RequireStatusToken, optionsName: null)
            .WithDisplayName("Codemate metrics");
    }

    private static void EnsureServices(IEndpointRouteBuilder endpoints)
    {
        var registered = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (registered is null || !registered.IsService(typeof(CodemateWebhooks)))
        {
            throw new InvalidOperationException(
                "Codemate's services are not registered. Call services.AddCodemate(configuration) before mapping Codemate's endpoints.");
        }
    }
}
