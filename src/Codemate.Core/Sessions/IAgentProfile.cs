namespace Codemate.Sessions;

/// <summary>
/// Decides what runs in an issue's tmux session. Whatever it returns, Codemate adds the status contract to the
/// environment (<c>CODEMATE_STATUS_FILE</c>, <c>CODEMATE_SESSION_NAME</c>, <c>CODEMATE_ISSUE</c>,
/// <c>CODEMATE_BRANCH</c>, <c>CODEMATE_WORKSPACE</c>): the agent writes <c>busy</c> when it takes a prompt and
/// <c>idle</c> when it waits for the next one. Swap it with <c>UseAgentProfile&lt;T&gt;()</c>.
/// </summary>
public interface IAgentProfile
{
    /// <summary>Prepares whatever the agent needs outside the worktree and returns how to start it.</summary>
    Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the agent itself writes <c>busy</c> the moment it takes a prompt (Claude Code does, through a hook).
    /// Codemate then checks that a pasted prompt was taken and presses Enter again when it was not: an interactive
    /// program may still be handling the paste when the first Enter arrives.
    /// </summary>
    bool ConfirmsSubmit => false;
}
