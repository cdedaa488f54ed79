using System.Collections.Concurrent;
using System.Net;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codemate.Cli.Tests;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, serve sends its traces and metrics to that collector.</summary>
public sealed class OtlpExportTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Serve_exports_traces_and_metrics_over_OTLP_to_the_configured_collector()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(received);
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root))
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.Single(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        await using var server = await ServeProcess.StartAsync(env, _root.Path);

        using var response = await server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("edited", "octo", "otlp", 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.WaitAsync(() => received.Contains("/v1/traces") && received.Contains("/v1/metrics"), "traces and metrics at the collector");
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<string> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/{signal}", (HttpContext context) =>
        {
            received.Enqueue(context.Request.Path);
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
