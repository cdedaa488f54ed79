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
    ReadOnlyMemory<byte> Body);
