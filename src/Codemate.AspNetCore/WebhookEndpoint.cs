using System.Buffers;
using Codemate.Configuration;
using Codemate.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Codemate.AspNetCore;

/// <summary>Reads the raw body under the size limit and hands the delivery to Core.</summary>
internal static class WebhookEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, CodemateWebhooks webhooks, IOptionsMonitor<CodemateOptions> options)
    {
        var limit = options.CurrentValue.MaxBodyBytes;
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return Answer(webhooks.Refuse(WebhookOutcome.PayloadTooLarge, $"Payload is larger than {limit} bytes (GitHub's cap is 25 MiB)."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        PooledBody? body;
        try
        {
            body = await ReadBodyAsync(request, limit, context.RequestAborted).ConfigureAwait(false);
        }
        catch (EndOfStreamException)
        {
            return Answer(webhooks.Refuse(WebhookOutcome.BadRequest, "The body ended before its Content-Length."));
        }

        if (body is null)
        {
            return Answer(webhooks.Refuse(WebhookOutcome.PayloadTooLarge, $"Payload is larger than {limit} bytes (GitHub's cap is 25 MiB)."));
        }

        using (body)
        {
            var delivery = new WebhookDelivery(
                request.Headers["X-GitHub-Event"].ToString(),
                request.Headers["X-GitHub-Delivery"].ToString(),
                request.Headers["X-Hub-Signature-256"].ToString(),
                request.ContentType,
                body.Memory)
            {
                // Already the client's address when the app configured forwarded headers; Codemate reads none itself.
                RemoteAddress = context.Connection.RemoteIpAddress,
            };

            // Core keeps nothing of the body once it has answered (the work it records is read out of it), so the
            // buffer goes back to the pool here.
            var response = await webhooks.ReceiveAsync(delivery, context.RequestAborted).ConfigureAwait(false);
            return Answer(response);
        }
    }

    private static IResult Answer(WebhookResponse response) =>
        Results.Json(new WebhookAnswer(response.Outcome.ToString().ToLowerInvariant(), response.Message), WebhookAnswerJson.Default.WebhookAnswer, statusCode: response.StatusCode);

    // A declared length is read into one buffer of that size (Kestrel never hands over more than Content-Length says),
    // rented from the pool when it is small enough to be worth keeping there. A chunked body that never declared its
    // length grows a buffer, cut off at limit + 1 bytes, never buffered whole.
    private static async Task<PooledBody?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        try
        {
            if (request.ContentLength is { } length)
            {
                var body = PooledBody.Rent(checked((int)length));
                try
                {
                    await request.Body.ReadExactlyAsync(body.Writable, cancellationToken).ConfigureAwait(false);
                    return body;
                }
                catch
                {
                    body.Dispose();
                    throw;
                }
            }

            return await ReadChunkedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false) is { } chunked ? PooledBody.Of(chunked) : null;
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadChunkedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }
}
