using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Codemate.Issues;

/// <summary>An <c>owner/repo</c> pair whose parts were checked against GitHub's allowed characters.</summary>
[JsonConverter(typeof(RepositoryNameJsonConverter))]
public readonly partial record struct RepositoryName
{
    private RepositoryName(string owner, string name)
    {
        Owner = owner;
        Name = name;
    }

    /// <summary>The account that owns the repository.</summary>
    public string Owner { get; }

    /// <summary>The repository's name.</summary>
    public string Name { get; }

    /// <summary><c>owner/repo</c>.</summary>
    public string FullName => $"{Owner}/{Name}";

    /// <summary>Validates both parts before they are used anywhere, least of all in a path.</summary>
    /// <returns><see langword="true"/> when both parts are names GitHub allows.</returns>
    public static bool TryCreate(string? owner, string? name, out RepositoryName repository, [NotNullWhen(false)] out string? error)
    {
        repository = default;
        if (string.IsNullOrEmpty(owner) || !OwnerPattern().IsMatch(owner))
        {
            error = $"repository owner '{Printable(owner)}' is not a valid GitHub account name";
            return false;
        }

        if (string.IsNullOrEmpty(name) || name is "." or ".." || !NamePattern().IsMatch(name))
        {
            error = $"repository name '{Printable(name)}' is not a valid GitHub repository name";
            return false;
        }

        repository = new RepositoryName(owner, name);
        error = null;
        return true;
    }

    /// <summary>Parses <c>owner/repo</c>.</summary>
    public static bool TryParse(string? fullName, out RepositoryName repository, [NotNullWhen(false)] out string? error)
    {
        var slash = fullName?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (fullName is null || slash <= 0)
        {
            repository = default;
            error = $"'{Printable(fullName)}' is not of the form owner/repo";
            return false;
        }

        return TryCreate(fullName[..slash], fullName[(slash + 1)..], out repository, out error);
    }

    /// <summary>Creates a name, throwing <see cref="ArgumentException"/> when it is not valid.</summary>
    public static RepositoryName Create(string owner, string name) =>
        TryCreate(owner, name, out var repository, out var error) ? repository : throw new ArgumentException(error);

    /// <inheritdoc />
    public override string ToString() => FullName;

    private static string Printable(string? value)
    {
        if (value is null)
        {
            return "(missing)";
        }

        var clean = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 100 ? clean[..100] + "…" : clean;
    }

    // GitHub logins: alphanumerics and single hyphens, at most 39 characters.
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerPattern();

    // Repository names: ASCII letters, digits, '.', '-' and '_', at most 100 characters.
    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
