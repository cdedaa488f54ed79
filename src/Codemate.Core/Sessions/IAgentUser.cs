namespace Codemate.Sessions;

/// <summary>
/// The user the agent's processes run as. Claude Code refuses to skip its permission prompts as root, so whether
/// the agent will be root decides whether Codemate may start at all. Today the agent runs as Codemate's own user;
/// a sandbox that runs it as another user answers for that user instead.
/// </summary>
internal interface IAgentUser
{
    /// <summary>Whether the agent's processes will run with root privileges (effective uid 0).</summary>
    bool RunsAsRoot { get; }
}
