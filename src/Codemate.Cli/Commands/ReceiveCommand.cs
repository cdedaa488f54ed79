using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Commands;

/// <summary>
/// <c>codemate receive</c>: one event through the same pipeline as <c>serve</c>, without HTTP. When a server owns the
/// state database, the event is sent to that server instead (see <see cref="ReceiveForwarding"/>).
/// </summary>
internal static class ReceiveCommand
{
    public static Command Create()
    {
        var @event = new Option<string>("--event") { Description = "The event name, as in X-GitHub-Event (e.g. issues, issue_comment).", Required = true };
        var payload = new Option<FileInfo>("--payload") { Description = "A JSON file with the webhook payload.", Required = true };
        var delivery = new Option<string?>("--delivery") { Description = "The delivery id (default: a new one)." };
        var command = new Command("receive", "Run one webhook event through the pipeline without HTTP, and wait until it was handled. With a server running on the same state database, the event is sent to that server instead.") { @event, payload, delivery };
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
        var delivery = new WebhookDelivery(
            eventName,
            deliveryId ?? $"receive-{Guid.NewGuid():N}",
            string.IsNullOrEmpty(secret) ? null : Sign(secret, body),
            "application/json",
            body);
        var store = host.Services.GetRequiredService<IStateStore>();
        // A server on this machine running the same work takes the event; without one, this process runs it itself.
        if (await host.Services.GetRequiredService<WebhookHandoff>().FindServerAsync(cancellationToken).ConfigureAwait(false) is { } server)
        {
            var (status, accepted) = await ReceiveForwarding.ForwardAsync(server, delivery, cancellationToken).ConfigureAwait(false);
            return accepted
                ? await ReceiveForwarding.WaitForHandledAsync(store, delivery.DeliveryId!, cancellationToken).ConfigureAwait(false)
                : status < 400 ? 0 : 1;
        }

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var webhooks = host.Services.GetRequiredService<CodemateWebhooks>();
            var response = await webhooks.ReceiveAsync(delivery, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"{response.StatusCode} {response.Outcome.ToString().ToLowerInvariant()}: {response.Message}");
            if (response.Outcome != WebhookOutcome.Accepted)
            {
                return response.StatusCode < 400 ? 0 : 1;
            }

            return await ReceiveForwarding.WaitForHandledAsync(store, delivery.DeliveryId!, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>X-Hub-Signature-256</c> header GitHub would send with <paramref name="body"/>.</summary>
    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
