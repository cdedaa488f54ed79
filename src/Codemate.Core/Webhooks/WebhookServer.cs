namespace Codemate.Webhooks;

/// <summary>A Codemate server on this machine that takes webhooks, found by <see cref="WebhookHandoff.FindServerAsync"/>.</summary>
/// <param name="ProcessId">The server's process id.</param>
/// <param name="Webhook">Where it takes webhooks, as GitHub would send them.</param>
public sealed record WebhookServer(int ProcessId, Uri Webhook);
