using System.Collections.Concurrent;
using Codemate.Issues;
using Codemate.Sessions;

namespace Codemate.Workflow;

/// <summary>What the watchdog needs to know about each agent: since when it has its current status, and since when its pane last changed.</summary>
internal sealed class SessionActivity(ISessionSupervisor sessions)
{
    private readonly ConcurrentDictionary<IssueKey, Entry> _entries = new();

    /// <summary>Records a status change as it happened; a first sight of the agent's status counts as <see cref="FirstSeen"/> says.</summary>
    public void Changed(IssueKey issue, AgentStatus previous, AgentStatus status, DateTimeOffset at)
    {
        var since = previous == AgentStatus.Unknown ? FirstSeen(issue, status, at) : at;
        _entries[issue] = new Entry(status, since, null, since);
    }

    /// <summary>Since when the agent has had <paramref name="status"/>; a status not seen before counts as <see cref="FirstSeen"/> says.</summary>
    public DateTimeOffset Since(IssueKey issue, AgentStatus status, DateTimeOffset now)
    {
        // A status not recorded yet counts as a first sight: its event can still be on its way through the channel.
        var entry = _entries.AddOrUpdate(
            issue,
            _ => FirstSight(issue, status, now),
            (_, old) => old.Status == status ? old : FirstSight(issue, status, now));
        return entry.Since;
    }

    /// <summary>
    /// Since when the pane shows <paramref name="pane"/>. The first look counts from the start of the current status:
    /// no change was seen since then.
    /// </summary>
    public DateTimeOffset PaneUnchangedSince(IssueKey issue, string pane, DateTimeOffset now)
    {
        var entry = _entries.AddOrUpdate(
            issue,
            _ => new Entry(AgentStatus.Unknown, now, pane, now),
            (_, old) => old.Pane is null ? old with { Pane = pane, PaneSince = old.Since }
                : string.Equals(old.Pane, pane, StringComparison.Ordinal) ? old
                : old with { Pane = pane, PaneSince = now });
        return entry.PaneSince;
    }

    public void Forget(IssueKey issue) => _entries.TryRemove(issue, out _);

    /// <summary>
    /// Where a status this process has not seen before counts from. An idle agent may have been idle for long (the server
    /// restarted meanwhile): from when it wrote its status file. Whichever sees it first, the status event or the
    /// watchdog (the event may come before anyone listens, at start-up), the rule is the same. Busy counts from
    /// <paramref name="now"/>: its screen was never seen unchanged before, so the hung check starts now.
    /// </summary>
    private DateTimeOffset FirstSeen(IssueKey issue, AgentStatus status, DateTimeOffset now) =>
        status == AgentStatus.Idle && sessions.GetStatusReportedAt(issue) is { } reported && reported < now ? reported : now;

    private Entry FirstSight(IssueKey issue, AgentStatus status, DateTimeOffset now)
    {
        var first = FirstSeen(issue, status, now);
        return new Entry(status, first, null, first);
    }

    private sealed record Entry(AgentStatus Status, DateTimeOffset Since, string? Pane, DateTimeOffset PaneSince);
}
