namespace Codemate.Policy;

/// <summary>Text ready for the agent, and what was taken out of it.</summary>
/// <param name="Text">The visible text, truncated with a note if it was too long.</param>
/// <param name="HiddenCharactersRemoved">Characters removed because a reader could not see them (comments, invisible characters).</param>
/// <param name="CharactersTruncated">Visible characters cut off by the length limit.</param>
internal readonly record struct SanitizedText(string Text, int HiddenCharactersRemoved, int CharactersTruncated)
{
    public bool WasTruncated => CharactersTruncated > 0;
}
