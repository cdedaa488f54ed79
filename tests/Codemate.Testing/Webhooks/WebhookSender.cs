using System.Net.Http.Headers;
using System.Text;
using Codemate.Webhooks;

namespace Codemate.Testing.Webhooks;

/// <summary>Sends webhook requests exactly as GitHub does: headers, signature over the raw body.</summary>
public sealed class WebhookSender(HttpClient client, string? secret, string path = "/webhook")
{
    public Task<HttpResponseMessage> SendAsync(string @event, string body, string? deliveryId = null, CancellationToken cancellationToken = default) =>
        SendRawAsync(@event, Encoding.UTF8.GetBytes(body), deliveryId ?? Guid.NewGuid().ToString(), signature: null, contentType: "application/json", cancellationToken);

    public async Task<HttpResponseMessage> SendRawAsync(string? @event, byte[] body, string? deliveryId, string? signature, string? contentType = "application/json", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        if (@event is not null)
        {
            request.Headers.Add("X-GitHub-Event", @event);
        }

        if (deliveryId is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", deliveryId);
        }

        request.Headers.Add("X-GitHub-Hook-ID", "42");
        var sig = signature ?? (secret is null ? null : WebhookSignature.Sign(secret, body));
        if (sig is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", sig);
        }

        return await client.SendAsync(request, cancellationToken);
    }
}
