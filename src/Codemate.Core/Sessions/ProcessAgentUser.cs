namespace Codemate.Sessions;

/// <summary>
/// The agent runs as Codemate's own user: tmux starts every session from the server Codemate started, which
/// inherits this process's credentials.
/// </summary>
internal sealed class ProcessAgentUser : IAgentUser
{
    // On Unix: geteuid() == 0.
    public bool RunsAsRoot => Environment.IsPrivilegedProcess;
}
