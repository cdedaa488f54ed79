using System.Text.RegularExpressions;

namespace Codemate.Policy;

/// <summary>GitHub login syntax, for checking configuration; payload logins are compared, never trusted by their shape.</summary>
internal static partial class Logins
{
    public static bool IsValid(string? login) => !string.IsNullOrEmpty(login) && LoginPattern().IsMatch(login);

    public static string WithoutAt(string mention) => mention.Trim().TrimStart('@');

    public static string Printable(string? value) =>
        value is null ? "(missing)" : new string(value.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    // Alphanumerics and hyphens, at most 39 characters; apps' bot accounts add "[bot]".
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LoginPattern();
}
