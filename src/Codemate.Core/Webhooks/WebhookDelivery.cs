namespace Codemate.Webhooks;

/// <summary>One webhook request as it arrived, before anything was trusted.</summary>
/// <param name="Event">The <c>X-GitHub-Event</c> header.</param>
/// <param name="DeliveryId">The <c>X-GitHub-Delivery</c> header.</param>
/// <param name="Signature256">The <c>X-Hub-Signature-256</c> header.</param>
/// <param name="ContentType">The <c>Content-Type</c> header.</param>
/// <param name="Body">The raw body, exactly as signed.</param>
public sealed record WebhookDelivery(
    string? Event,
    string? DeliveryId,
    string? Signature256,
    string? ContentType,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// The address the request came from, as the host saw it: the peer of the connection, or what the app's own
    /// forwarded-headers handling made of it; <see langword="null"/> when unknown. Only for bounding the log.
    /// </summary>
    public System.Net.IPAddress? RemoteAddress { get; init; }
}
