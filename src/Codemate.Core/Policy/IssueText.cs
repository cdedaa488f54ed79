using System.Security.Cryptography;
using System.Text;

namespace Codemate.Policy;

/// <summary>Identifies an issue's title and body exactly, so a vouch covers that text and no edit of it.</summary>
internal static class IssueText
{
    /// <summary>A SHA-256 over the title and body exactly as GitHub stores them (no normalisation: any edit is a change).</summary>
    public static string Hash(string? title, string? body)
    {
        // The title's length first, so no split of one text into title and body hashes like another.
        var text = $"{(title ?? string.Empty).Length}:{title}\n{body}";
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
