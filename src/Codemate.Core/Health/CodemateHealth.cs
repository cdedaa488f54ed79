using Codemate.Hosting;
using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Health;

/// <summary>This process's health: with several replicas, the sessions this one runs.</summary>
internal sealed class CodemateHealth(IStateStore store, ISessionHost sessions, DispatcherHealth dispatcher, Replicas.IIssueOwnership ownership) : ICodemateHealth
{
    public async Task<CodemateHealthReport> GetReportAsync(CancellationToken cancellationToken)
    {
        var records = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        HashSet<string> alive;
        try
        {
            alive = (await sessions.ListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        }
        catch (TmuxException exception)
        {
            // Not "no sessions": tmux failing says nothing about them, so none is reported and none is marked gone.
            return new CodemateHealthReport("ok", new Dictionary<string, SessionHealth>())
            {
                Problem = $"tmux {exception.Command} failed with exit code {exception.ExitCode}; sessions are kept as they are until tmux answers again",
            };
        }

        var active = new SortedDictionary<string, SessionHealth>(StringComparer.Ordinal);
        var here = await ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        foreach (var record in records.Where(r => r.IsActive && here.IsHere(r.Issue)))
        {
            active[record.Issue.ToString()] = new SessionHealth(record.SessionName, record.Branch, record.PullRequestUrl, alive.Contains(record.SessionName));
        }

        var parked = await store.GetParkedWorkAsync(cancellationToken).ConfigureAwait(false);
        return new CodemateHealthReport("ok", active) { Problem = dispatcher.Describe(parked.Count) };
    }
}
