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

    /// <summary>
    /// The name of the finest permission GitHub's collaborator permission API reports. Its <c>permission</c> is only ever
    /// admin, write, read or none, and carries <c>maintain</c> as write and <c>triage</c> as read; the role itself is in
    /// <c>role_name</c>. A role is taken when it is a built-in one consistent with <c>permission</c>; a custom role (any
    /// other name) falls back to <c>permission</c>.
    /// </summary>
    public static string FromGitHub(string? permission, string? roleName)
    {
        var basic = string.IsNullOrWhiteSpace(permission) ? "none" : permission.Trim();
        if (!TryParse(roleName, out var role) || !TryParse(basic, out var reported))
        {
            return basic;
        }

        var carriedAs = role switch
        {
            RepositoryPermission.Maintain => RepositoryPermission.Write,
            RepositoryPermission.Triage => RepositoryPermission.Read,
            _ => role,
        };
        return carriedAs == reported ? role.ToText() : basic;
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
