using System.CommandLine;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate receive</c>: one event through the same pipeline as <c>serve</c>, without HTTP.</summary>
internal static class ReceiveCommand
{
    public static Command Create()
    {
        var @event = new Option<string>("--event") { Description = "The event name, as in X-GitHub-Event (e.g. issues, issue_comment).", Required = true };
        var payload = new Option<FileInfo>("--payload") { Description = "A JSON file with the webhook payload.", Required = true };
        var delivery = new Option<string?>("--delivery") { Description = "The delivery id (default: a new one)." };
        var command = new Command("receive", "Run one webhook event through the pipeline without HTTP, and wait until it was handled.") { @event, payload, delivery };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() =>
            RunAsync(parse.GetValue(@event)!, parse.GetValue(payload)!, parse.GetValue(delivery), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string eventName, FileInfo payloadFile, string? deliveryId, CancellationToken cancellationToken)
    {
        if (!payloadFile.Exists)
        {
            return StartupError.Report($"Payload file {payloadFile.FullName} does not exist.");
        }

        var body = await File.ReadAllBytesAsync(payloadFile.FullName, cancellationToken).ConfigureAwait(false);

        // The payload comes from the operator, not the network: sign it locally so the normal path runs.
        var secret = Environment.GetEnvironmentVariable(EnvironmentVariables.WebhookSecret);
        using var host = CliHost.Build(
            string.IsNullOrEmpty(secret) ? [new(EnvironmentVariables.InsecureSkipSignature, "true")] : null,
            LogLevel.Information);
        secret = host.Services.GetRequiredService<IOptions<CodemateOptions>>().Value.WebhookSecret;
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var receiver = host.Services.GetRequiredService<IWebhookReceiver>();
            var delivery = new WebhookDelivery(
                eventName,
                deliveryId ?? $"receive-{Guid.NewGuid():N}",
                string.IsNullOrEmpty(secret) ? null : WebhookSignature.Sign(secret, body),
                "application/json",
                body);
            var response = await receiver.ReceiveAsync(delivery, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{response.StatusCode} {response.Outcome.ToString().ToLowerInvariant()}: {response.Message}");
            if (response.Outcome != WebhookOutcome.Accepted)
            {
                return response.StatusCode < 400 ? 0 : 1;
            }

            var store = host.Services.GetRequiredService<IStateStore>();
            Console.Error.Write("Handling");
            while ((await store.GetPendingWorkAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.Work.DeliveryId == delivery.DeliveryId))
            {
                Console.Error.Write('.');
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }

            Console.Error.WriteLine(" done.");
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
