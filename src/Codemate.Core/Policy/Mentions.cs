namespace Codemate.Policy;

/// <summary>Finds <c>@name</c> the way a reader would: in visible text, not inside another login, word or e-mail address.</summary>
internal static class Mentions
{
    public static bool Contains(string text, string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        var visible = PromptSanitizer.RemoveHiddenContent(text);
        var needle = "@" + name;
        for (var at = visible.IndexOf(needle, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = visible.IndexOf(needle, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + needle.Length;
            var startsCleanly = at == 0 || !IsNameCharacter(visible[at - 1]) && visible[at - 1] is not ('@' or '.' or '/');
            var endsCleanly = end == visible.Length || !IsNameCharacter(visible[end]);
            if (startsCleanly && endsCleanly)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
