using System.Text;

namespace Codemate.Sessions;

/// <summary>Makes text safe to paste into a terminal application.</summary>
internal static class TerminalText
{
    /// <summary>
    /// Removes every control character except <c>\n</c> and <c>\t</c>: an <c>ESC[201~</c> in a comment would end a
    /// bracketed paste early and turn the rest into keystrokes, a <c>\x03</c> would interrupt the agent. Carriage
    /// returns go too, so Windows line endings become <c>\n</c>.
    /// </summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n' or '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
