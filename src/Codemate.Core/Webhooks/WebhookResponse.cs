namespace Codemate.Webhooks;

/// <summary>The answer to a delivery: an HTTP status code and a message that says what happened.</summary>
/// <param name="Outcome">What Codemate did.</param>
/// <param name="Message">A sentence for the person reading GitHub's delivery log.</param>
public sealed record WebhookResponse(WebhookOutcome Outcome, string Message)
{
    /// <summary>The repository the delivery was about, once it was read; a metric label when the operator allows it.</summary>
    internal Issues.RepositoryName? Repository { get; init; }

    /// <summary>The HTTP status code for <see cref="Outcome"/>.</summary>
    public int StatusCode => Outcome switch
    {
        WebhookOutcome.Accepted => 202,
        WebhookOutcome.Ignored or WebhookOutcome.Duplicate or WebhookOutcome.Pong => 200,
        WebhookOutcome.Unauthorized => 401,
        WebhookOutcome.BadRequest => 400,
        WebhookOutcome.UnsupportedMediaType => 415,
        WebhookOutcome.PayloadTooLarge => 413,
        WebhookOutcome.Unavailable => 503,
        _ => 500,
    };
}
