using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Codemate.State;
using Codemate.Webhooks;

namespace Codemate.Cli.Commands;

/// <summary>
/// <c>codemate receive</c> next to a running server: the server owns the state database, so the event goes to the
/// server's <c>/webhook</c> as GitHub would send it, and the server runs it. Signed with this environment's
/// <c>GITHUB_WEBHOOK_SECRET</c>, which must be the server's.
/// </summary>
internal static class ReceiveForwarding
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <returns>The server's answer, printed as <c>receive</c> prints its own, and whether it accepted the event.</returns>
    public static async Task<(int StatusCode, bool Accepted)> ForwardAsync(WebhookServer server, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var webhook = server.Webhook;
        Console.Error.WriteLine($"The server that owns the state database (pid {server.ProcessId.ToString(CultureInfo.InvariantCulture)}) runs the event; sending it to {webhook}.");
        using var client = new HttpClient { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(delivery.Body.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", delivery.Event);
        request.Headers.Add("X-GitHub-Delivery", delivery.DeliveryId);
        if (delivery.Signature256 is { } signature)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new CodemateException($"The server that owns the state database (pid {server.ProcessId.ToString(CultureInfo.InvariantCulture)}) did not answer at {webhook}: {exception.Message}", exception);
        }

        using (response)
        {
            var (outcome, message) = await ReadAnswerAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            Console.WriteLine($"{status.ToString(CultureInfo.InvariantCulture)} {outcome}: {message}");
            return (status, status == 202);
        }
    }

    /// <summary>Waits until the delivery's work left the queue; says whether it was handled or parked.</summary>
    public static async Task<int> WaitForHandledAsync(IStateStore store, string deliveryId, CancellationToken cancellationToken)
    {
        Console.Error.Write("Handling");
        while ((await store.GetPendingWorkAsync(cancellationToken).ConfigureAwait(false)).Any(p => p.Work.DeliveryId == deliveryId))
        {
            Console.Error.Write('.');
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        if ((await store.GetParkedWorkAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(p => p.DeliveryId == deliveryId) is { } parked)
        {
            Console.Error.WriteLine($" parked after {parked.Attempts.ToString(CultureInfo.InvariantCulture)} attempts: {parked.Reason}.");
            return 1;
        }

        Console.Error.WriteLine(" done.");
        return 0;
    }

    private static async Task<(string Outcome, string Message)> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(text);
            return (json.RootElement.GetProperty("outcome").GetString() ?? "unknown", json.RootElement.GetProperty("message").GetString() ?? string.Empty);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ("unknown", text.Length > 200 ? text[..200] : text);
        }
    }
}
