using System.CommandLine;
using Codemate.Configuration;
using Codemate.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate serve</c>: the webhook server.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = $"Addresses to listen on (semicolon-separated; default {PublicUrls}, or {LoopbackUrls} with --insecure-skip-signature).",
        };
        var insecure = new Option<bool>("--insecure-skip-signature")
        {
            Description = "Accept webhooks without verifying their signature when GITHUB_WEBHOOK_SECRET is unset. Development only: listens on 127.0.0.1 unless --urls says otherwise.",
        };
        var command = new Command("serve", "Run the webhook server (POST /webhook, GET /health, GET /status with CODEMATE_STATUS_TOKEN).") { urls, insecure };
        command.SetAction((parse, cancellationToken) => RunAsync(ListenUrls(parse.GetValue(urls), parse.GetValue(insecure)), parse.GetValue(insecure), cancellationToken));
        return command;
    }

    private const string PublicUrls = "http://0.0.0.0:8080";
    private const string LoopbackUrls = "http://127.0.0.1:8080";

    /// <summary>
    /// Where serve listens: <paramref name="urls"/> when given, otherwise every interface, except that a server
    /// that accepts unsigned webhooks is reachable only from this machine unless the operator asked for more.
    /// </summary>
    internal static string ListenUrls(string? urls, bool insecure) =>
        !string.IsNullOrWhiteSpace(urls) ? urls : insecure ? LoopbackUrls : PublicUrls;

    /// <summary>
    /// Kestrel's sockets as a webhook server wants them. A webhook arrives whole, at once: reading straight into a
    /// buffer saves the zero-byte read Kestrel makes by default to learn that data is there, a second system call per
    /// read, and reading into 16 KB blocks (<see cref="WebhookMemoryPool"/>) takes a typical delivery in one read
    /// instead of four or five (an idle connection then holds one block, and a webhook server has few connections).
    /// </summary>
    internal static void UseWebhookTransport(WebApplicationBuilder builder)
    {
        builder.WebHost.UseSockets(sockets => sockets.WaitForDataBeforeAllocatingBuffer = false);
        // Registered after Kestrel's own factory, so this is the one Kestrel resolves.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, WebhookMemoryPool.Factory>();
    }

    private static async Task<int> RunAsync(string urls, bool insecure, CancellationToken cancellationToken)
    {
        try
        {
            // Codemate owns this process: what git, SQLite and tmux create in it is private too (issue #19).
            PrivateUmask.Apply();
            DotEnvFile.LoadFromWorkingDirectory();
            // No configuration reload: it watches the whole working directory tree, and when the state database or
            // workspaces live below it every database write wakes that watcher (about a tenth of the CPU under load).
            // The slim builder: the full one also wires IIS integration, HTTP/3 (QUIC), regex route constraints and
            // the debug and EventSource log providers, none of which serve uses, and each costs resident memory for
            // the life of the process. HTTPS stays available for --urls https://... through the call below.
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.UseUrls(urls);
            UseWebhookTransport(builder);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            // One line per event (as the operator commands log): the default two-line layout costs formatting and
            // output on the request path under load.
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            var startup = new StartupLogFilter();
            builder.Logging.AddFilter(StartupLogFilter.HostCategory, startup.IsEnabled);
            if (insecure)
            {
                builder.Configuration.AddInMemoryCollection([new(EnvironmentVariables.InsecureSkipSignature, "true")]);
            }

            builder.Services.AddCodemate(builder.Configuration);
            OtlpExport.AddIfConfigured(builder.Services, builder.Configuration);
            var app = builder.Build();
            await using (app.ConfigureAwait(false))
            {
                app.MapCodemate();
                app.MapCodemateHealth();
                app.MapCodemateStatus();
                app.MapCodemateMetrics();
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                if (LocalWebhook.For(app.Urls) is { } webhook)
                {
                    // So `codemate receive` on this machine hands its event here instead of refusing.
                    await app.Services.GetRequiredService<WebhookHandoff>().AdvertiseAsync(webhook, cancellationToken).ConfigureAwait(false);
                }

                startup.Started();
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            }
        }
        catch (OptionsValidationException exception)
        {
            return StartupError.Report(string.Join(" ", exception.Failures));
        }
        catch (CodemateException exception)
        {
            return StartupError.Report(exception.Message);
        }
        catch (IOException exception) when (exception.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            return StartupError.Report($"Cannot listen on {urls}: {exception.Message}");
        }
    }
}
