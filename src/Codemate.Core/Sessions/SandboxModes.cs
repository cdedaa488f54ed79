namespace Codemate.Sessions;

/// <summary>The values of <c>CODEMATE_SANDBOX</c>.</summary>
public static class SandboxModes
{
    /// <summary>Each agent runs inside bubblewrap (the default).</summary>
    public const string Bubblewrap = "bwrap";

    /// <summary>Agents run as Codemate's own user with everything that user can reach: an explicit opt-out.</summary>
    public const string None = "none";
}
