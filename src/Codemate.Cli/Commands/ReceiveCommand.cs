using System.CommandLine;
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
            string.IsNullOrEmpty(secret) ? null : WebhookSignature.Sign(secret, body),
            "application/json",
            body);
        var store = host.Services.GetRequiredService<IStateStore>();
        if (store is Codemate.State.Postgres.PostgresStateStore postgres)
        {
            // Replicas share PostgreSQL: one serving on this host takes the event; with none, this process runs it as one.
            await postgres.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var lease = host.Services.GetRequiredService<IOptions<CodemateOptions>>().Value.LeaseDuration;
            if (await postgres.FindServingReplicaAsync(lease, cancellationToken).ConfigureAwait(false) is { Webhook: { } replica } serving)
            {
                return await ForwardAsync(replica, serving).ConfigureAwait(false);
            }
        }

        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StateDatabaseInUseException busy)
        {
            // Running it here too would run the server's pending work twice: the server takes the event instead.
            if (busy.Owner is not { Webhook: { } webhook } owner)
            {
                throw new CodemateException($"{busy.Message} It does not say where it takes webhooks, so the event was not sent.", busy);
            }

            return await ForwardAsync(webhook, owner).ConfigureAwait(false);
        }

        async Task<int> ForwardAsync(Uri webhook, StateOwner owner)
        {
            var (status, accepted) = await ReceiveForwarding.ForwardAsync(webhook, owner, delivery, cancellationToken).ConfigureAwait(false);
            return accepted
                ? await ReceiveForwarding.WaitForHandledAsync(store, delivery.DeliveryId!, cancellationToken).ConfigureAwait(false)
                : status < 400 ? 0 : 1;
        }

        try
        {
            var receiver = host.Services.GetRequiredService<IWebhookReceiver>();
            var response = await receiver.ReceiveAsync(delivery, cancellationToken).ConfigureAwait(false);
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
}
