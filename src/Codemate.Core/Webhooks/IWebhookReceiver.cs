namespace Codemate.Webhooks;

/// <summary>Verifies, validates, records and enqueues one webhook delivery. Never calls GitHub or git.</summary>
internal interface IWebhookReceiver
{
    /// <summary>Handles <paramref name="delivery"/> and says how to answer it.</summary>
    Task<WebhookResponse> ReceiveAsync(WebhookDelivery delivery, CancellationToken cancellationToken);
}
