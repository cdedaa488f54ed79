using System.Diagnostics.CodeAnalysis;
using Codemate.Issues;

namespace Codemate.Policy;

/// <summary>
/// <c>owner/repo</c> and <c>owner/*</c> entries, compared without regard to case as GitHub does. An empty list
/// allows every repository; a list whose entries are all invalid allows none.
/// </summary>
internal sealed class RepositoryAllowList
{
    private readonly HashSet<string> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _owners = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _restricted;

    public RepositoryAllowList(IEnumerable<string> entries)
    {
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            _restricted = true;
            if (TryParseEntry(entry, out var parsed, out _))
            {
                _ = parsed.Name == "*" ? _owners.Add(parsed.Owner) : _repositories.Add($"{parsed.Owner}/{parsed.Name}");
            }
        }
    }

    public bool IsAllowed(RepositoryName repository) =>
        !_restricted || _owners.Contains(repository.Owner) || _repositories.Contains(repository.FullName);

    /// <summary>Whether only an <c>owner/*</c> entry admits <paramref name="repository"/>, not its own name.</summary>
    public bool IsAllowedOnlyByOwner(RepositoryName repository) =>
        _owners.Contains(repository.Owner) && !_repositories.Contains(repository.FullName);

    public static bool TryParseEntry(string? entry, out (string Owner, string Name) parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = default;
        var text = entry?.Trim() ?? string.Empty;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            error = $"'{Logins.Printable(entry)}' is not of the form owner/repo or owner/*";
            return false;
        }

        var owner = text[..slash];
        var name = text[(slash + 1)..];
        // A syntactically valid placeholder repository lets RepositoryName check the owner alone.
        if (!RepositoryName.TryCreate(owner, name == "*" ? "placeholder" : name, out _, out error))
        {
            error = $"'{Logins.Printable(entry)}': {error}";
            return false;
        }

        parsed = (owner, name);
        return true;
    }
}
