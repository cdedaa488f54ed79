namespace Codemate.Policy;

/// <summary>Reads and writes the permission names GitHub uses.</summary>
internal static class RepositoryPermissions
{
    /// <summary>Parses <c>admin|maintain|write|triage|read|none</c> and the legacy <c>push</c>/<c>pull</c>.</summary>
    public static bool TryParse(string? text, out RepositoryPermission permission)
    {
        RepositoryPermission? parsed = text?.Trim().ToUpperInvariant() switch
        {
            "ADMIN" => RepositoryPermission.Admin,
            "MAINTAIN" => RepositoryPermission.Maintain,
            "WRITE" or "PUSH" => RepositoryPermission.Write,
            "TRIAGE" => RepositoryPermission.Triage,
            "READ" or "PULL" => RepositoryPermission.Read,
            "NONE" => RepositoryPermission.None,
            _ => null,
        };
        permission = parsed ?? RepositoryPermission.None;
        return parsed.HasValue;
    }

    /// <summary>The name GitHub uses: <c>write</c>.</summary>
    public static string ToText(this RepositoryPermission permission) => permission switch
    {
        RepositoryPermission.Admin => "admin",
        RepositoryPermission.Maintain => "maintain",
        RepositoryPermission.Write => "write",
        RepositoryPermission.Triage => "triage",
        RepositoryPermission.Read => "read",
        _ => "none",
    };
}
