using System.Globalization;

namespace Codemate.Issues;

/// <summary>Identifies one issue: <c>owner/repo#N</c>.</summary>
/// <param name="Repository">The repository the issue belongs to.</param>
/// <param name="Number">The issue number.</param>
public readonly record struct IssueKey(RepositoryName Repository, int Number)
{
    /// <summary>The branch Codemate works on for this issue.</summary>
    public string Branch => string.Create(CultureInfo.InvariantCulture, $"issue-{Number}");

    /// <summary><c>owner/repo#N</c>, the key <c>/health</c> uses.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Repository.FullName}#{Number}");

    /// <summary>Parses <c>owner/repo#N</c>.</summary>
    public static bool TryParse(string? text, out IssueKey key)
    {
        key = default;
        var hash = text?.LastIndexOf('#') ?? -1;
        if (text is null || hash <= 0
            || !int.TryParse(text.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number <= 0
            || !RepositoryName.TryParse(text[..hash], out var repository, out _))
        {
            return false;
        }

        key = new IssueKey(repository, number);
        return true;
    }
}
