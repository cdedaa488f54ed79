namespace Codemate.Webhooks;

/// <summary>The outcome of checking <c>X-Hub-Signature-256</c>.</summary>
internal enum SignatureVerification
{
    /// <summary>The signature matches the body.</summary>
    Valid,

    /// <summary>No signature header was sent.</summary>
    Missing,

    /// <summary>The header is not <c>sha256=</c> followed by 64 hex digits.</summary>
    Malformed,

    /// <summary>The signature does not match the body under the configured secret.</summary>
    Mismatch,
}
