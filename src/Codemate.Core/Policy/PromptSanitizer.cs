using System.Buffers;
using System.Globalization;
using System.Text;

namespace Codemate.Policy;

/// <summary>
/// Makes text from GitHub safe to hand to the agent: what a reader of the issue cannot see is removed, and what
/// is too long is cut with a note saying so. Pure; no state, no I/O.
/// </summary>
/// <remarks>
/// Three steps, in this order. HTML comments are removed first, on the text exactly as GitHub renders it, so an
/// invisible character cannot break a comment's closing <c>--&gt;</c> for GitHub and then be removed to reveal the
/// comment's contents to the agent. An unterminated comment hides everything after it, on GitHub and here. Then
/// character references are decoded (<see cref="HtmlCharacterReferences"/>), so <c>&amp;#xE0041;</c> is judged as the
/// tag character GitHub renders, and comments are not looked for again: <c>&amp;lt;!--</c> shows as a visible
/// <c>&lt;!--</c> on GitHub and must stay visible. Last, hidden characters are removed (<see cref="IsHidden"/>).
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

    /// <summary>
    /// For Markdown from GitHub: removes HTML comments, decodes character references, then removes hidden
    /// characters (<see cref="RemoveHiddenCharacters"/>).
    /// </summary>
    public static string RemoveHiddenContent(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        return RemoveHiddenCharacters(HtmlCharacterReferences.Decode(RemoveHtmlComments(text)));
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

    /// <summary>
    /// For plain text, which nothing renders as HTML: removes default-ignorable, format and control characters other
    /// than <c>\n</c> and <c>\t</c>, and lone surrogates; line breaks of any kind become <c>\n</c>.
    /// </summary>
    public static string RemoveHiddenCharacters(string text)
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
    /// <remarks>
    /// Default-ignorable code points are the Unicode standard's own list of what renders as nothing: zero-width and
    /// bidirectional controls, tag characters, every variation selector (they can smuggle bytes after any
    /// character), Hangul fillers, and the unassigned rest of their blocks. Control and format characters are
    /// removed as well; the few format characters that are not default-ignorable (the Arabic number signs, say)
    /// are rare enough in an issue that losing one costs nothing.
    /// </remarks>
    internal static bool IsHidden(Rune rune)
    {
        var value = rune.Value;
        if (value is '\n' or '\t')
        {
            return false;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            || DefaultIgnorableCodePoints.Contains(value);
    }
}
