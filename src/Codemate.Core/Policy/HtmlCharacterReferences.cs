using System.Net;
using System.Text;

namespace Codemate.Policy;

/// <summary>
/// Decodes HTML character references (<c>&amp;#xE0041;</c>, <c>&amp;#917569;</c>, <c>&amp;zwnj;</c>) so that the
/// characters they stand for can be judged like any other: GitHub renders <c>&amp;#xE0041;</c> as an invisible tag
/// character, and the agent must not read it as text a person never saw.
/// </summary>
/// <remarks>
/// The rule is the one for hidden content as a whole: the agent may see less than a reader, never more. So where
/// GitHub may or may not decode, this decodes, because what a reference hides is then removed:
/// <list type="bullet">
/// <item>Everywhere, code spans and blocks included, where GitHub shows references as written. There the agent
/// reads <c>&lt;</c> where a reader sees <c>&amp;lt;</c>, the same thing, and misses a reference to an invisible
/// character that the reader sees spelled out.</item>
/// <item>Numeric references with or without the closing <c>;</c>, as a browser does in raw HTML. Zero, surrogates
/// and values past U+10FFFF become U+FFFD, as in a browser. A browser shows <c>&amp;#128;</c> to <c>&amp;#159;</c>
/// as Windows-1252 characters (<c>&amp;#128;</c> is €); here they become C1 controls, which are then removed.</item>
/// <item>Named references: every name in the HTML standard that stands for an invisible character (below), and
/// <c>&amp;shy</c> also without <c>;</c> as browsers accept it; other names through
/// <see cref="WebUtility.HtmlDecode(string)"/> (HTML 4's list). A name known to neither stays as written: the
/// reader sees a visible character, the agent its name.</item>
/// </list>
/// One pass: <c>&amp;amp;#xE0041;</c> becomes the visible text <c>&amp;#xE0041;</c>, as on GitHub.
/// </remarks>
internal static class HtmlCharacterReferences
{
    private const int ReplacementCharacter = 0xFFFD;
    private const int MaxNameLength = 32;

    // Every named reference of the WHATWG HTML standard whose value is an invisible character (checked against the
    // standard's entities.json); WebUtility knows only HTML 4's names, which lack most of these.
    private static readonly Dictionary<string, string> InvisibleNames = new(StringComparer.Ordinal)
    {
        ["shy"] = "\u00AD",
        ["ZeroWidthSpace"] = "\u200B",
        ["NegativeVeryThinSpace"] = "\u200B",
        ["NegativeThinSpace"] = "\u200B",
        ["NegativeMediumSpace"] = "\u200B",
        ["NegativeThickSpace"] = "\u200B",
        ["zwnj"] = "\u200C",
        ["zwj"] = "\u200D",
        ["lrm"] = "\u200E",
        ["rlm"] = "\u200F",
        ["NoBreak"] = "\u2060",
        ["af"] = "\u2061",
        ["ApplyFunction"] = "\u2061",
        ["it"] = "\u2062",
        ["InvisibleTimes"] = "\u2062",
        ["ic"] = "\u2063",
        ["InvisibleComma"] = "\u2063",
    };

    public static string Decode(string text)
    {
        var next = text.IndexOf('&', StringComparison.Ordinal);
        if (next < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (next >= 0)
        {
            builder.Append(text, position, next - position);
            position = TryDecodeAt(text, next, builder) ?? AppendAmpersand(builder, next);
            next = text.IndexOf('&', position);
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static int AppendAmpersand(StringBuilder builder, int at)
    {
        builder.Append('&');
        return at + 1;
    }

    /// <summary>Appends the character(s) of the reference starting at <paramref name="at"/> and returns where it ends, or null if there is none.</summary>
    private static int? TryDecodeAt(string text, int at, StringBuilder builder) =>
        at + 1 < text.Length && text[at + 1] == '#' ? TryDecodeNumeric(text, at, builder) : TryDecodeNamed(text, at, builder);

    private static int? TryDecodeNumeric(string text, int at, StringBuilder builder)
    {
        var position = at + 2;
        var hex = position < text.Length && text[position] is 'x' or 'X';
        if (hex)
        {
            position++;
        }

        var digitsStart = position;
        var value = 0;
        while (position < text.Length && Digit(text[position], hex) is { } digit)
        {
            // Saturates instead of overflowing: any value past U+10FFFF is replaced alike.
            value = Math.Min((value * (hex ? 16 : 10)) + digit, 0x110000);
            position++;
        }

        if (position == digitsStart)
        {
            return null;
        }

        if (position < text.Length && text[position] == ';')
        {
            position++;
        }

        var valid = value is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);
        builder.Append(char.ConvertFromUtf32(valid ? value : ReplacementCharacter));
        return position;
    }

    private static int? TryDecodeNamed(string text, int at, StringBuilder builder)
    {
        var position = at + 1;
        while (position < text.Length && position - at <= MaxNameLength && char.IsAsciiLetterOrDigit(text[position]))
        {
            position++;
        }

        var name = text.AsSpan(at + 1, position - at - 1);
        if (name.IsEmpty)
        {
            return null;
        }

        if (position >= text.Length || text[position] != ';')
        {
            // Browsers also accept HTML 4's names without ";", even inside a word ("&shyness"); of those only the
            // soft hyphen is invisible.
            if (name.StartsWith("shy", StringComparison.Ordinal))
            {
                builder.Append(InvisibleNames["shy"]);
                return at + 1 + "shy".Length;
            }

            return null;
        }

        var reference = text.Substring(at, position - at + 1);
        if (InvisibleNames.TryGetValue(reference[1..^1], out var invisible))
        {
            builder.Append(invisible);
            return position + 1;
        }

        var decoded = WebUtility.HtmlDecode(reference);
        if (decoded == reference)
        {
            return null;
        }

        builder.Append(decoded);
        return position + 1;
    }

    private static int? Digit(char c, bool hex) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' when hex => c - 'a' + 10,
        >= 'A' and <= 'F' when hex => c - 'A' + 10,
        _ => null,
    };
}
