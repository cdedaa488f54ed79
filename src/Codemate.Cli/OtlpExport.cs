using Codemate.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Codemate.Cli;

/// <summary>
/// OTLP export for <c>codemate serve</c>, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: traces (Codemate's
/// spans, ASP.NET Core's request spans and the HttpClient calls to GitHub) and metrics. The exporter reads the other
/// standard <c>OTEL_*</c> variables itself (protocol, headers, service name). Without the endpoint nothing leaves
/// the process and no span is recorded.
/// </summary>
internal static class OtlpExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    public static void AddIfConfigured(IServiceCollection services, IConfiguration configuration)
    {
        // Named "codemate" in /metrics' target_info and in exported telemetry, unless the operator named it.
        if (string.IsNullOrWhiteSpace(configuration[ServiceNameVariable]))
        {
            services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("codemate"));
        }

        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable]))
        {
            return;
        }

        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(CodemateTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(CodemateTelemetry.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
    }
}
