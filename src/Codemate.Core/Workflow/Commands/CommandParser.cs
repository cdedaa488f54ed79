namespace Codemate.Workflow.Commands;

/// <summary>
/// Recognises comments that are commands for Codemate rather than text for the agent: the first non-empty line is
/// <c>/codemate</c> and a word (<c>start</c>, <c>stop</c>, <c>retry</c>, <c>status</c>; case-insensitive). Anything else is an
/// ordinary comment.
/// </summary>
internal static class CommandParser
{
    public const string Prefix = "/codemate";

    public static CodemateCommand? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var line = body.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        if (!line.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || (line.Length > Prefix.Length && !char.IsWhiteSpace(line[Prefix.Length])))
        {
            return null;
        }

        var word = line[Prefix.Length..].Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        var kind = word.ToUpperInvariant() switch
        {
            "START" => CodemateCommandKind.Start,
            "STOP" => CodemateCommandKind.Stop,
            "RETRY" => CodemateCommandKind.Retry,
            "STATUS" => CodemateCommandKind.Status,
            "DISCARD" => CodemateCommandKind.Discard,
            _ => CodemateCommandKind.Unknown,
        };
        return new CodemateCommand(kind, word);
    }
}
