using System.Collections.Concurrent;
using Codemate.Issues;
using Codemate.Sessions;

namespace Codemate.Workflow;

/// <summary>What the watchdog needs to know about each agent: since when it has its current status, and since when its pane last changed.</summary>
internal sealed class SessionActivity
{
    private readonly ConcurrentDictionary<IssueKey, Entry> _entries = new();

    /// <summary>Records a status change as it happened.</summary>
    public void Changed(IssueKey issue, AgentStatus status, DateTimeOffset at) => _entries[issue] = new Entry(status, at, null, at);

    /// <summary>Since when the agent has had <paramref name="status"/>; a status seen for the first time counts from <paramref name="now"/>.</summary>
    public DateTimeOffset Since(IssueKey issue, AgentStatus status, DateTimeOffset now)
    {
        var entry = _entries.AddOrUpdate(
            issue,
            _ => new Entry(status, now, null, now),
            (_, old) => old.Status == status ? old : new Entry(status, now, null, now));
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

    private sealed record Entry(AgentStatus Status, DateTimeOffset Since, string? Pane, DateTimeOffset PaneSince);
}
