using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Health;

/// <summary>
/// The detailed report behind the bearer-protected status endpoint: every session Codemate knows, with its state,
/// last error and its details, queued text and the agent's status. It holds no token and no queued text, only counts.
/// </summary>
internal sealed class CodemateStatus(IStateStore store, ISessionHost host, ISessionSupervisor supervisor)
{
    public async Task<IReadOnlyList<SessionStatusReport>> GetSessionsAsync(CancellationToken cancellationToken)
    {
        var records = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        var alive = (await host.ListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var sessions = new List<SessionStatusReport>(records.Count);
        foreach (var record in records.OrderBy(r => r.Issue.ToString(), StringComparer.Ordinal))
        {
            var queued = await store.GetMessagesAsync(record.Issue, cancellationToken).ConfigureAwait(false);
            sessions.Add(new SessionStatusReport(
                record.Issue.ToString(),
                record.SessionName,
                record.State,
                record.Branch,
                record.PullRequestUrl,
                record.LastError,
                record.ErrorDetail,
                record.AgentScreen,
                queued.Count,
                supervisor.GetStatus(record.Issue),
                alive.Contains(record.SessionName),
                record.CreatedAt,
                record.StartedAt,
                record.UpdatedAt));
        }

        return sessions;
    }
}
