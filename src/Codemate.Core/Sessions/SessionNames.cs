using System.Security.Cryptography;
using System.Text;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>
/// The original's session naming, <c>claude-{owner}-{repo}-{N}</c>, sanitised the way tmux would. That name is
/// ambiguous (<c>a-b/c#1</c> and <c>a/b-c#1</c>, or <c>x.y</c> and <c>x_y</c>, share it), so it is only the preferred
/// name: an issue whose preferred name another issue holds gets <see cref="Disambiguated"/>, and the name an issue
/// got is stored in its record and unique in the store.
/// </summary>
internal static class SessionNames
{
    // Letters only: a plain name always ends in the issue number, so a letters-only suffix never makes one.
    private const string SuffixAlphabet = "abcdefghijkmnpqrstuvwxyz";

    /// <summary>The preferred tmux session name for <paramref name="issue"/>: the original's.</summary>
    public static string For(IssueKey issue) =>
        Sanitize(FormattableString.Invariant($"claude-{issue.Repository.Owner}-{issue.Repository.Name}-{issue.Number}"));

    /// <summary>
    /// The preferred name plus a suffix derived from the repository's full name (GitHub treats names without regard
    /// to case, so neither does the suffix): stable, and different for repositories whose preferred names collide.
    /// </summary>
    public static string Disambiguated(IssueKey issue)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(issue.Repository.FullName.ToLowerInvariant()));
        var suffix = new StringBuilder(8);
        foreach (var b in hash.AsSpan(0, 8))
        {
            suffix.Append(SuffixAlphabet[b % SuffixAlphabet.Length]);
        }

        return For(issue) + "-" + suffix;
    }

    /// <summary>Replaces what tmux refuses in a session name (<c>.</c> and <c>:</c>) with <c>_</c>, as tmux itself does.</summary>
    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(c is '.' or ':' || char.IsControl(c) ? '_' : c);
        }

        return builder.ToString();
    }
}
