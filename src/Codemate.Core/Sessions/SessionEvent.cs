using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>Something the workflow must act on for an issue, in the order it happened.</summary>
/// <param name="Issue">The issue.</param>
internal abstract record SessionEvent(IssueKey Issue);

/// <summary>An agent's status changed.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="SessionName">The tmux session name.</param>
/// <param name="Previous">The status before.</param>
/// <param name="Current">The status now.</param>
/// <param name="At">When the change was seen.</param>
/// <param name="Exit">
/// With <see cref="AgentStatus.Exited"/>, how a session that nobody stopped ended; <see langword="null"/> when Codemate
/// stopped it.
/// </param>
internal sealed record AgentStatusChanged(IssueKey Issue, string SessionName, AgentStatus Previous, AgentStatus Current, DateTimeOffset At, SessionExit? Exit = null)
    : SessionEvent(Issue);

/// <summary>
/// A queued message was typed into the agent and taken off the queue. Published before the agent can report the end of
/// the turn it starts, so the next <see cref="AgentStatus.Idle"/> after this in the channel is the agent's answer to it.
/// </summary>
/// <param name="Issue">The issue.</param>
/// <param name="Sequence">The message's place in the queue.</param>
/// <param name="Text">The message as it was queued.</param>
internal sealed record MessageDelivered(IssueKey Issue, long Sequence, string Text) : SessionEvent(Issue);

/// <summary>The issue's status comment is out of date (its place in the queue moved, say).</summary>
/// <param name="Issue">The issue.</param>
internal sealed record StatusRefreshRequested(IssueKey Issue) : SessionEvent(Issue);
