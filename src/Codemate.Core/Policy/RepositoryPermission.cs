namespace Codemate.Policy;

/// <summary>A user's permission on a repository, lowest first, as GitHub's collaborator permission API reports it.</summary>
public enum RepositoryPermission
{
    /// <summary>No access (<c>none</c>), or a permission GitHub reported that Codemate does not know.</summary>
    None = 0,

    /// <summary><c>read</c>: on a public repository every GitHub user has it.</summary>
    Read = 1,

    /// <summary><c>triage</c>: may manage issues and labels, not push.</summary>
    Triage = 2,

    /// <summary><c>write</c>: may push. The default requirement for driving the agent.</summary>
    Write = 3,

    /// <summary><c>maintain</c>: may manage the repository without access to sensitive settings.</summary>
    Maintain = 4,

    /// <summary><c>admin</c>: full control.</summary>
    Admin = 5,
}
