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
/// An issue whose repository spent its daily budget (<see cref="DailyBudget"/>) waits in the queue until the next UTC
/// day and holds no place in it for others: the issues behind it from other repositories start before it.
/// </summary>
internal sealed class SessionSlots(
    IStateStore store,
    SessionLifecycle lifecycle,
    ISessionSupervisor sessions,
    DailyBudget budget,
    IOptions<TriggerPolicyOptions> limits,
    TimeProvider time,
    Replicas.IIssueOwnership ownership) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Moves the issue's work to <see cref="SessionState.Preparing"/> when it gets a slot, to (or keeps it in)
    /// <see cref="SessionState.Queued"/> otherwise: from <paramref name="stored"/>'s state by compare-and-set, or as a
    /// new record made from <paramref name="seed"/> when there was none. <paramref name="prepare"/> sets the other fields.
    /// </summary>
    /// <returns>Whether it got a slot, and the record as saved; <see langword="null"/> when the record changed since <paramref name="stored"/> was read.</returns>
    public async Task<(bool Started, SessionRecord? Record)> ClaimAsync(SessionRecord? stored, SessionRecord seed, Func<SessionRecord, SessionRecord> prepare, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(prepare);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var issue = seed.Issue;
            var all = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
            var exhausted = budget.Exhausted(all);
            var queued = Order(all.Where(r => r.State == SessionState.Queued && r.Issue != issue)).ToList();
            var mine = stored is { State: SessionState.Queued } ? stored.QueuedAt : null;
            var waiting = queued.Where(r => !exhausted.Contains(r.Issue.Repository)).ToList();
            var ahead = mine is { } at ? waiting.Any(r => Key(r) < at) : waiting.Count > 0;
            var active = await CountActiveAsync(all, issue, cancellationToken).ConfigureAwait(false);
            var started = !ahead && active < limits.Value.MaxConcurrentSessions && !exhausted.Contains(issue.Repository);
            // Strictly increasing even when the clock stands still, so the order of acceptance is never ambiguous.
            var last = queued.Select(r => r.QueuedAt ?? DateTimeOffset.MinValue).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
            var now = time.GetUtcNow();
            DateTimeOffset? queuedAt = started ? null : mine ?? (now > last ? now : last.AddTicks(1));
            var target = started ? SessionState.Preparing : SessionState.Queued;
            if (stored is null)
            {
                var created = prepare(seed) with { State = target, QueuedAt = queuedAt };
                return (started, await lifecycle.TryCreateAsync(created, cancellationToken).ConfigureAwait(false) ? created : null);
            }

            var saved = await lifecycle.TryTransitionAsync(issue, stored.State, target, current => prepare(current) with { QueuedAt = queuedAt }, cancellationToken).ConfigureAwait(false);
            return (started, saved);
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

    /// <summary>
    /// The queued issues that may start when a slot is free, next first, and those waiting for their repository's
    /// daily budget to start again.
    /// </summary>
    public async Task<(IReadOnlyList<SessionRecord> Ready, IReadOnlyList<SessionRecord> WaitingForBudget)> ReadyAsync(CancellationToken cancellationToken)
    {
        var all = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
        var exhausted = budget.Exhausted(all);
        var queued = Order(all.Where(r => r.State == SessionState.Queued)).ToList();
        return (queued.Where(r => !exhausted.Contains(r.Issue.Repository)).ToList(), queued.Where(r => exhausted.Contains(r.Issue.Repository)).ToList());
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
        // The cap is per replica: only sessions this one runs count.
        var here = await ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var active = 0;
        foreach (var record in all)
        {
            if (record.Issue == except || !here.IsHere(record.Issue))
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
