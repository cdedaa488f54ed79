using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>An agent's status changed.</summary>
public sealed class SessionStatusChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public SessionStatusChangedEventArgs(IssueKey issue, string sessionName, AgentStatus previous, AgentStatus current, DateTimeOffset at, SessionExit? exit = null)
    {
        Exit = exit;
        Issue = issue;
        SessionName = sessionName;
        Previous = previous;
        Current = current;
        At = at;
    }

    /// <summary>The issue.</summary>
    public IssueKey Issue { get; }

    /// <summary>The tmux session name.</summary>
    public string SessionName { get; }

    /// <summary>The status before.</summary>
    public AgentStatus Previous { get; }

    /// <summary>The status now.</summary>
    public AgentStatus Current { get; }

    /// <summary>When the change was seen.</summary>
    public DateTimeOffset At { get; }

    /// <summary>
    /// With <see cref="AgentStatus.Exited"/>, how a session that nobody stopped ended; <see langword="null"/> when
    /// Codemate stopped it.
    /// </summary>
    public SessionExit? Exit { get; }
}
