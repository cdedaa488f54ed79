namespace Codemate.Sessions;

/// <summary>What an agent last reported through its status file.</summary>
public enum AgentStatus
{
    /// <summary>Nothing reported yet (the agent is starting) or the file holds something else.</summary>
    Unknown,

    /// <summary>Waiting for a prompt; queued text is delivered now.</summary>
    Idle,

    /// <summary>Working on a prompt; nothing is typed into its pane.</summary>
    Busy,

    /// <summary>The tmux session is gone.</summary>
    Exited,

    /// <summary>
    /// Its last turn ended in an error (the model API refused or failed) and it waits for input again; text is
    /// delivered as when it is idle, but an agent whose first turn ends so never started.
    /// </summary>
    Failed,
}
