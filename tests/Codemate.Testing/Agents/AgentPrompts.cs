using System.Text.RegularExpressions;

namespace Codemate.Testing.Agents;

/// <summary>Reads the prompts Codemate types into an agent, the way the agent is told to read them.</summary>
public static partial class AgentPrompts
{
    /// <summary>
    /// The text of the prompt's last quoted block, between an <c>untrusted-text</c> opening and the end marker with
    /// its boundary: for a comment prompt, the comment as the agent got it.
    /// </summary>
    public static string QuotedText(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var blocks = Block().Matches(prompt);
        return blocks.Count > 0 ? blocks[^1].Groups["text"].Value : throw new InvalidOperationException($"No quoted block in the prompt:\n{prompt}");
    }

    [GeneratedRegex("^<untrusted-text boundary=\"(?<b>[0-9a-f]+)\" from=\"@[^\"\n]+\">\n(?<text>.*?)\n</untrusted-text boundary=\"\\k<b>\">$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Block();
}
