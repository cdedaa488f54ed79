using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Usage;

namespace Codemate.Health;

/// <summary>
/// The detailed report behind the bearer-protected status endpoint and the operator commands: every session Codemate
/// knows, with its state, last error and its details, queued text and the agent's status, what its agent did (its
/// turns and their tool calls, secrets removed), where its terminal is, and the work parked after failing every
/// attempt. It holds no token and no queued text, only counts.
/// </summary>
public sealed class CodemateStatus
{
    private readonly IStateStore _store;
    private readonly ISessionHost _host;
    private readonly ISessionSupervisor _supervisor;
    private readonly DispatcherHealth _dispatcher;
    private readonly TranscriptLogs _transcripts;
    private readonly Replicas.IIssueOwnership _ownership;
    private readonly TmuxSockets _sockets;

    internal CodemateStatus(IStateStore store, ISessionHost host, ISessionSupervisor supervisor, DispatcherHealth dispatcher, TranscriptLogs transcripts, Replicas.IIssueOwnership ownership, TmuxSockets sockets)
    {
        _sockets = sockets;
        _ownership = ownership;
        _transcripts = transcripts;
        _store = store;
        _host = host;
        _supervisor = supervisor;
        _dispatcher = dispatcher;
    }

    /// <summary>Every session the store knows (all replicas' with several), ordered by issue.</summary>
    public Task<IReadOnlyList<SessionStatusReport>> GetSessionsAsync(CancellationToken cancellationToken) =>
        GetSessionsAsync(withTranscripts: true, cancellationToken);

    /// <summary>
    /// Every session the store knows, ordered by issue; without transcripts (<see cref="SessionStatusReport.Transcript"/>
    /// empty) for a listing that does not show them, as reading each agent's transcript files is most of the work.
    /// </summary>
    public async Task<IReadOnlyList<SessionStatusReport>> GetSessionsAsync(bool withTranscripts, CancellationToken cancellationToken)
    {
        var records = await _store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        var alive = (await _host.ListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var owners = await _ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var sessions = new List<SessionStatusReport>(records.Count);
        foreach (var record in records.OrderBy(r => r.Issue.ToString(), StringComparer.Ordinal))
        {
            var queued = await _store.GetMessagesAsync(record.Issue, cancellationToken).ConfigureAwait(false);
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
                _supervisor.GetStatus(record.Issue),
                alive.Contains(record.SessionName),
                record.CreatedAt,
                record.StartedAt,
                record.UpdatedAt,
                record.Usage)
            {
                Transcript = withTranscripts ? _transcripts.Read(record) : TranscriptSummary.Empty,
                Replica = owners.OwnerOf(record.Issue),
            });
        }

        return sessions;
    }

    /// <summary>Parked work, and why accepted work cannot run or did not (<see langword="null"/> while all is well).</summary>
    public async Task<(IReadOnlyList<ParkedWork> Parked, string? Problem)> GetWorkAsync(CancellationToken cancellationToken)
    {
        var parked = await _store.GetParkedWorkAsync(cancellationToken).ConfigureAwait(false);
        return (parked, _dispatcher.Describe(parked.Count));
    }

    /// <summary>
    /// Every turn <paramref name="session"/>'s agent wrote and the tools it called, secrets removed: all of them, where
    /// <see cref="GetSessionsAsync(CancellationToken)"/> keeps the last ones. It reads files only, so it works after the session ended.
    /// </summary>
    public TranscriptSummary ReadTranscript(SessionRecord session) => _transcripts.ReadAll(session);

    /// <summary>Where <paramref name="issue"/>'s agent session runs in tmux, and whether it runs now.</summary>
    public async Task<SessionTerminal> GetTerminalAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var name = (await _store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false))?.SessionName ?? SessionNames.For(issue);
        var running = await _host.IsAliveAsync(name, cancellationToken).ConfigureAwait(false);
        return new SessionTerminal(name, _sockets.PathFor(name), running);
    }
}
