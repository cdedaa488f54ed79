using Codemate.Issues;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// The concurrency cap (<see cref="TriggerPolicyOptions.MaxConcurrentSessions"/>): an issue gets a slot when fewer
/// sessions are preparing or running than the cap and no issue queued before it still waits. Otherwise it waits in
/// the state store as <see cref="SessionState.Queued"/>, served in order of acceptance, so the queue survives restarts.
/// </summary>
internal sealed class SessionSlots(IStateStore store, ISessionSupervisor sessions, IOptions<TriggerPolicyOptions> limits, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Saves <paramref name="record"/> as <see cref="SessionState.Preparing"/> when it gets a slot, as <see cref="SessionState.Queued"/> otherwise.</summary>
    /// <returns>Whether it got a slot, and the record as saved.</returns>
    public async Task<(bool Started, SessionRecord Record)> ClaimAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var all = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
            var queued = Order(all.Where(r => r.State == SessionState.Queued && r.Issue != record.Issue)).ToList();
            var ahead = record.QueuedAt is { } mine
                ? queued.Any(r => Key(r) < mine)
                : queued.Count > 0;
            var active = await CountActiveAsync(all, record.Issue, cancellationToken).ConfigureAwait(false);
            if (!ahead && active < limits.Value.MaxConcurrentSessions)
            {
                var started = record with { State = SessionState.Preparing, QueuedAt = null };
                await store.SaveSessionAsync(started, cancellationToken).ConfigureAwait(false);
                return (true, started);
            }

            // Strictly increasing even when the clock stands still, so the order of acceptance is never ambiguous.
            var last = queued.Select(r => r.QueuedAt ?? DateTimeOffset.MinValue).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var now = time.GetUtcNow();
            var waiting = record with { State = SessionState.Queued, QueuedAt = record.QueuedAt ?? (now > last ? now : last.AddTicks(1)) };
            await store.SaveSessionAsync(waiting, cancellationToken).ConfigureAwait(false);
            return (false, waiting);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Slots free now: the cap minus sessions preparing or running (excluding <paramref name="reserved"/> more about to start).</summary>
    public async Task<int> FreeAsync(int reserved, CancellationToken cancellationToken)
    {
        var all = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        return Math.Max(0, limits.Value.MaxConcurrentSessions - reserved - await CountActiveAsync(all, except: null, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The queued issues, next first.</summary>
    public async Task<IReadOnlyList<SessionRecord>> QueuedAsync(CancellationToken cancellationToken) =>
        Order((await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false)).Where(r => r.State == SessionState.Queued)).ToList();

    /// <summary>The issue's place in the queue (1 is next), or <see langword="null"/> when it is not queued.</summary>
    public async Task<int?> PositionAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var queued = await QueuedAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < queued.Count; i++)
        {
            if (queued[i].Issue == issue)
            {
                return i + 1;
            }
        }

        return null;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<int> CountActiveAsync(IReadOnlyList<SessionRecord> all, IssueKey? except, CancellationToken cancellationToken)
    {
        var active = 0;
        foreach (var record in all)
        {
            if (record.Issue == except)
            {
                continue;
            }

            // A running record whose tmux session is gone has ended; the end is being recorded and frees the slot.
            if (record.State == SessionState.Preparing
                || (record.State == SessionState.Running && await sessions.IsRunningAsync(record.Issue, cancellationToken).ConfigureAwait(false)))
            {
                active++;
            }
        }

        return active;
    }

    private static IEnumerable<SessionRecord> Order(IEnumerable<SessionRecord> records) =>
        records.OrderBy(Key).ThenBy(r => r.Issue.ToString(), StringComparer.Ordinal);

    private static DateTimeOffset Key(SessionRecord record) => record.QueuedAt ?? record.CreatedAt;
}
