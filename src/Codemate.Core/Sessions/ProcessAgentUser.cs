namespace Codemate.Sessions;

/// <summary>
/// The agent runs as Codemate's own user (tmux starts every session from the server Codemate started, which
/// inherits this process's credentials), unless the sandbox runs it as an unprivileged user.
/// </summary>
internal sealed class ProcessAgentUser(AgentSandbox sandbox) : IAgentUser
{
    // On Unix: geteuid() == 0. Inside the sandbox a root Codemate's agent is an unprivileged user.
    public bool RunsAsRoot => Environment.IsPrivilegedProcess && !sandbox.Enabled;
}
