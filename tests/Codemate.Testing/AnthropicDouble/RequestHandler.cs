using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>Records every request, then answers it as the Anthropic API would.</summary>
internal sealed class RequestHandler(RequestLog log, TurnScript script)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var bytes = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var body = Parse(bytes);
        var kind = RequestClassifier.Classify(request.Method, request.Path.Value ?? "", body);
        var hadApiKey = request.Headers.ContainsKey("x-api-key") || request.Headers.Authorization.Count > 0;
        var recorded = new RecordedRequest(
            log.NextSequence(), request.Method, request.Path + request.QueryString, SelectedHeaders(request), hadApiKey, body, kind, null, null);
        var messageId = "msg_double" + recorded.Sequence.ToString("D6", CultureInfo.InvariantCulture);
        context.Response.Headers["request-id"] = "req_double" + recorded.Sequence.ToString("D6", CultureInfo.InvariantCulture);

        if (kind is AnthropicRequestKind.MainConversation or AnthropicRequestKind.SideRequest or AnthropicRequestKind.CountTokens && !hadApiKey)
        {
            log.Add(recorded);
            await ErrorAsync(context.Response, StatusCodes.Status401Unauthorized, "authentication_error", "x-api-key header is required", cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (kind)
        {
            case AnthropicRequestKind.MainConversation or AnthropicRequestKind.SideRequest:
                var answer = kind == AnthropicRequestKind.MainConversation ? script.Next(recorded) : SideAnswer.For(body);
                var usage = UsageEstimate.For(bytes.Length, answer);
                log.Add(recorded with { Answer = answer, Usage = usage });
                var model = recorded.Model ?? "claude-double";
                await (recorded.IsStreaming
                    ? MessageWriter.WriteStreamAsync(context.Response, messageId, model, answer, usage, cancellationToken)
                    : MessageWriter.WriteJsonAsync(context.Response, messageId, model, answer, usage, cancellationToken)).ConfigureAwait(false);
                break;
            case AnthropicRequestKind.CountTokens:
                log.Add(recorded);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    new JsonObject { ["input_tokens"] = UsageEstimate.InputTokens(bytes.Length) }.ToJsonString(), cancellationToken).ConfigureAwait(false);
                break;
            case AnthropicRequestKind.Hello:
                log.Add(recorded);
                context.Response.ContentType = "application/json";
                if (HttpMethods.IsGet(request.Method))
                {
                    await context.Response.WriteAsync("{\"message\":\"hello\"}", cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                log.Add(recorded);
                await ErrorAsync(context.Response, StatusCodes.Status404NotFound, "not_found_error", $"{request.Method} {request.Path} is not served by the Anthropic double", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static JsonNode? Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> SelectedHeaders(HttpRequest request) =>
        RecordedRequest.RecordedHeaderNames
            .Where(name => request.Headers.ContainsKey(name))
            .ToDictionary(name => name, name => request.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);

    private static Task ErrorAsync(HttpResponse response, int status, string type, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        };
        return response.WriteAsync(error.ToJsonString(), cancellationToken);
    }
}
