using Codemate.Diagnostics;

namespace Codemate.Webhooks;

/// <summary>
/// Where a host hands GitHub's deliveries to Codemate: the ASP.NET Core endpoint does, and so can a host of your own.
/// Every delivery is answered and counted, including those the host refuses before reading them.
/// </summary>
public sealed class CodemateWebhooks
{
    private readonly IWebhookReceiver _receiver;
    private readonly CodemateMetrics _metrics;

    internal CodemateWebhooks(IWebhookReceiver receiver, CodemateMetrics metrics)
    {
        _receiver = receiver;
        _metrics = metrics;
    }

    /// <summary>Verifies, validates, records and enqueues <paramref name="delivery"/>, and says how to answer it.</summary>
    public Task<WebhookResponse> ReceiveAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        _receiver.ReceiveAsync(delivery, cancellationToken);

    /// <summary>
    /// The answer to a delivery the host refused before its signature could be checked (a body over the limit, one cut
    /// short), counted without its unproven event name.
    /// </summary>
    public WebhookResponse Refuse(WebhookOutcome outcome, string message)
    {
        var response = new WebhookResponse(outcome, message);
        WebhookReceiver.Count(_metrics, null, response);
        return response;
    }
}
