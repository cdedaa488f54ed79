namespace Codemate.State;

/// <summary>Where an issue's work stands.</summary>
public enum SessionState
{
    /// <summary>Accepted; waiting for a free session slot.</summary>
    Queued,

    /// <summary>Cloning, branching and opening the draft pull request.</summary>
    Preparing,

    /// <summary>The agent's tmux session is running.</summary>
    Running,

    /// <summary>The session was stopped (issue closed, command, budget); the workspace is kept.</summary>
    Stopped,

    /// <summary>Preparation or the agent failed; see <see cref="SessionRecord.LastError"/>.</summary>
    Failed,

    /// <summary>The agent's session ended on its own; the workspace is kept.</summary>
    Done,

    /// <summary>
    /// Someone who may steer asked for work on an issue whose text nobody who may steer vouched for (a stranger's
    /// issue, or one edited since its vouch); nothing starts until <c>/codemate start</c> or the trigger label.
    /// </summary>
    AwaitingVouch,
}
