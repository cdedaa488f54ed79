namespace Codemate.Webhooks;

/// <summary>What Codemate did with a delivery.</summary>
public enum WebhookOutcome
{
    /// <summary>The event was recorded and will be worked on (202).</summary>
    Accepted,

    /// <summary>A valid event Codemate does not act on (200).</summary>
    Ignored,

    /// <summary>This delivery id was already accepted (200).</summary>
    Duplicate,

    /// <summary>GitHub's <c>ping</c> (200).</summary>
    Pong,

    /// <summary>The signature is missing or wrong (401).</summary>
    Unauthorized,

    /// <summary>A header or the body is malformed (400).</summary>
    BadRequest,

    /// <summary>The body is neither JSON nor a form with a <c>payload</c> field (415).</summary>
    UnsupportedMediaType,

    /// <summary>The body is larger than the configured limit (413).</summary>
    PayloadTooLarge,

    /// <summary>The server is shutting down or cannot record the delivery (503).</summary>
    Unavailable,
}
