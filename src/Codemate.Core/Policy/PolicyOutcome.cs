namespace Codemate.Policy;

/// <summary>Why a <see cref="PolicyDecision"/> came out the way it did.</summary>
public enum PolicyOutcome
{
    /// <summary>The event may drive the agent.</summary>
    Allowed = 0,

    /// <summary>The repository is not in <c>CODEMATE_ALLOWED_REPOSITORIES</c>.</summary>
    RepositoryNotAllowed,

    /// <summary>The user is not in <c>CODEMATE_ALLOWED_USERS</c>, or there is no user to check.</summary>
    UserNotAllowed,

    /// <summary>The user's permission on the repository is below <c>CODEMATE_REQUIRED_PERMISSION</c>.</summary>
    PermissionTooLow,

    /// <summary>The user's permission could not be looked up; Codemate fails closed.</summary>
    PermissionUnknown,

    /// <summary>The event is not a trigger: the trigger label or mention is missing, or the event kind starts nothing.</summary>
    NotTriggered,
}
