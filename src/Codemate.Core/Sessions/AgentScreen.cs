using Codemate.Policy;

namespace Codemate.Sessions;

/// <summary>The last lines of an agent's screen, fit to show people: no hidden content, no control characters, no secrets.</summary>
internal static class AgentScreen
{
    public const int MaxLines = 25;

    public static string Tail(string capture, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(redactor);
        // Hidden characters go with control characters (an escape sequence must not reach a comment either). A
        // terminal is not HTML, and the status comment shows the screen in a code block, where GitHub shows comments
        // and character references as written; so neither is interpreted here.
        var clean = redactor.Redact(PromptSanitizer.RemoveHiddenCharacters(capture));
        // Blank lines (most of a terminal that exited early) shrink to one, and none at either end.
        var lines = new List<string>();
        foreach (var line in clean.Split('\n').Select(line => line.TrimEnd()))
        {
            if (line.Length > 0 || (lines.Count > 0 && lines[^1].Length > 0))
            {
                lines.Add(line);
            }
        }

        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return string.Join('\n', lines.Skip(Math.Max(0, lines.Count - MaxLines))).Trim('\n');
    }
}
