using System.Security.Cryptography;
using System.Text;

namespace Codemate.Webhooks;

/// <summary>HMAC-SHA256 webhook signatures as GitHub computes them (<c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>).</summary>
internal static class WebhookSignature
{
    private const string Prefix = "sha256=";
    private const int HashBytes = 32;

    /// <summary>Checks <paramref name="header"/> against <paramref name="body"/> in constant time.</summary>
    public static SignatureVerification Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(header))
        {
            return SignatureVerification.Missing;
        }

        var hex = header.AsSpan().Trim();
        if (!hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || hex.Length != Prefix.Length + (HashBytes * 2))
        {
            return SignatureVerification.Malformed;
        }

        Span<byte> expected = stackalloc byte[HashBytes];
        if (Convert.FromHexString(hex[Prefix.Length..], expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != HashBytes)
        {
            return SignatureVerification.Malformed;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Compute(secret, body, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected)
            ? SignatureVerification.Valid
            : SignatureVerification.Mismatch;
    }

    /// <summary>Returns the header value GitHub would send for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
        Compute(secret, body, hash);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    private static void Compute(string secret, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetByteCount(secret);
        Span<byte> key = keyLength <= 256 ? stackalloc byte[keyLength] : new byte[keyLength];
        Encoding.UTF8.GetBytes(secret, key);
        HMACSHA256.HashData(key, body, destination);
    }
}
