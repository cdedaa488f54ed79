using System.Buffers;
using System.Globalization;
using System.Text;

namespace Codemate.Policy;

/// <summary>
/// Makes text from GitHub safe to hand to the agent: what a reader of the issue cannot see is removed, and what
/// is too long is cut with a note saying so. Pure; no state, no I/O.
/// </summary>
/// <remarks>
/// HTML comments are removed first, on the text exactly as GitHub renders it, so an invisible character cannot
/// break a comment's closing <c>--&gt;</c> for GitHub and then be removed to reveal the comment's contents to the
/// agent. An unterminated comment hides everything after it, on GitHub and here.
/// </remarks>
internal static class PromptSanitizer
{
    private const string CommentOpen = "<!--";
    private const string CommentClose = "-->";

    /// <summary>Removes hidden content, then truncates to <paramref name="maxChars"/> characters plus a note.</summary>
    public static SanitizedText Sanitize(string? text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        var original = text ?? string.Empty;
        var visible = RemoveHiddenContent(original);
        var (result, truncated) = Truncate(visible, maxChars);
        return new SanitizedText(result, original.Length - visible.Length, truncated);
    }

    /// <summary>Removes HTML comments, invisible and bidirectional-control characters, and control characters other than <c>\n</c> and <c>\t</c>.</summary>
    public static string RemoveHiddenContent(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return RemoveHiddenCharacters(RemoveHtmlComments(text));
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="maxChars"/> characters (never inside a surrogate pair) and appends a note.</summary>
    public static (string Text, int CharactersRemoved) Truncate(string text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        if (text.Length <= maxChars)
        {
            return (text, 0);
        }

        var keep = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        var removed = text.Length - keep;
        var note = string.Create(
            CultureInfo.InvariantCulture,
            $"\n\n[Truncated by Codemate: the last {removed:N0} of {text.Length:N0} characters were removed (limit {maxChars:N0}).]");
        return (string.Concat(text.AsSpan(0, keep), note), removed);
    }

    private static string RemoveHtmlComments(string text)
    {
        var open = text.IndexOf(CommentOpen, StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (open >= 0)
        {
            builder.Append(text, position, open - position);
            // Searching after the whole opener makes "<!-->" hide more, never less, than a browser would.
            var close = text.IndexOf(CommentClose, open + CommentOpen.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                return builder.ToString();
            }

            position = close + CommentClose.Length;
            open = text.IndexOf(CommentOpen, position, StringComparison.Ordinal);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static string RemoveHiddenCharacters(string text)
    {
        var builder = new StringBuilder(text.Length);
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var consumed) != OperationStatus.Done)
            {
                // A lone surrogate is not text; drop it.
                span = span[consumed..];
                continue;
            }

            span = span[consumed..];
            if (rune.Value == '\r')
            {
                // CRLF and lone CR both become one LF.
                if (!span.IsEmpty && span[0] == '\n')
                {
                    continue;
                }

                builder.Append('\n');
            }
            else if (rune.Value is 0x2028 or 0x2029)
            {
                builder.Append('\n');
            }
            else if (!IsHidden(rune))
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Characters a reader cannot see but a model reads.</summary>
    internal static bool IsHidden(Rune rune)
    {
        var value = rune.Value;
        if (value is '\n' or '\t')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            || value is >= 0xE0000 and <= 0xE007F // tag characters, assigned or not
            || value is >= 0xFE00 and <= 0xFE0F // variation selectors, which can smuggle bytes after any character
            || value is >= 0xE0100 and <= 0xE01EF // variation selectors supplement
            || value is 0x034F // combining grapheme joiner
            || value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 // Hangul fillers, blank "letters"
            || value is >= 0x2061 and <= 0x2064 // invisible operators (also Format; listed for clarity)
            || value is 0x180E; // Mongolian vowel separator
    }
}
