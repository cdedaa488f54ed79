namespace Codemate.Sessions;

/// <summary>The values <c>CODEMATE_AGENT</c> accepts.</summary>
public static class AgentProfileNames
{
    /// <summary>Claude Code (the default).</summary>
    public const string Claude = "claude";

    /// <summary>Any command line, run through the shell in the workspace (<c>CODEMATE_AGENT_COMMAND</c>).</summary>
    public const string Command = "command";
}
