using Codemate.Issues;
using Codemate.State;

namespace Codemate.Sessions;

/// <summary>
/// Starts and stops issues' agents and delivers their queued text: one prompt at a time, oldest first, and only
/// while the agent reports <c>idle</c> in its status file. Nothing is typed into a busy agent's pane. Every change of
/// an agent's status (including Codemate's own <c>busy</c> before a paste, and <see cref="AgentStatus.Exited"/> when
/// its tmux session disappears) goes, in order, to the session event channel the workflow consumes.
/// </summary>
internal interface ISessionSupervisor
{
    /// <summary>
    /// Starts the issue's agent unless its session already runs: clears the status file (the agent reports
    /// <c>idle</c> once ready), lets the <see cref="IAgentProfile"/> prepare its files, starts the tmux session and
    /// watches it. Text queued for the issue is delivered as soon as the agent is idle.
    /// </summary>
    Task StartSessionAsync(SessionContext context, CancellationToken cancellationToken);

    /// <summary>Whether the issue's tmux session runs.</summary>
    Task<bool> IsRunningAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>Stops watching the issue's agent and ends its tmux session. Queued text stays in the store.</summary>
    Task StopSessionAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the issue's session without telling the workflow (nothing is recorded) and ends its tmux session: another
    /// replica runs the issue now, and this one's leftover must not run beside it.
    /// </summary>
    Task AbandonAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>Queues <paramref name="text"/> for the issue's agent in the state store and tries to deliver it.</summary>
    Task<QueuedMessage> EnqueueAsync(IssueKey issue, string text, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the supervisor that text was queued for the issue through <see cref="IStateStore.EnqueueMessageAsync"/>
    /// directly; it is delivered now if the agent is idle, otherwise on its next <c>idle</c>.
    /// </summary>
    void NotifyQueued(IssueKey issue);

    /// <summary>What the issue's agent last reported.</summary>
    AgentStatus GetStatus(IssueKey issue);

    /// <summary>
    /// When the issue's agent last wrote its status file, or <see langword="null"/> if it has none. It outlives a
    /// restart of Codemate, so budgets can count from it instead of from when this process first looked.
    /// </summary>
    DateTimeOffset? GetStatusReportedAt(IssueKey issue);

    /// <summary>
    /// Re-attaches to the sessions recorded in the state store that still run in tmux (after a restart): watches
    /// their status files and delivers their queued text when they are idle. Runs at host start.
    /// </summary>
    Task ResumeAsync(CancellationToken cancellationToken);
}
