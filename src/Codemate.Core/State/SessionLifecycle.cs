using Codemate.Issues;

namespace Codemate.State;

/// <summary>
/// The one writer of session records. A record is created once (<see cref="TryCreateAsync"/>), moves between states
/// only along <see cref="SessionTransitions"/> and only by compare-and-set on the stored state
/// (<see cref="TryTransitionAsync(IssueKey, SessionState, SessionState, Func{SessionRecord, SessionRecord}, CancellationToken)"/>),
/// and changes its other fields from the stored record, never from a copy read earlier (<see cref="UpdateAsync"/>).
/// Each change runs inside the store's atomic read-and-write (<see cref="IStateStore.UpdateSessionAsync"/>), so
/// concurrent writers never overwrite each other, and the write-once facts (the session name, the status comment's
/// id) are kept here, whatever store holds the records.
/// </summary>
internal sealed class SessionLifecycle(IStateStore store)
{
    /// <summary>Saves <paramref name="record"/> as the issue's first record.</summary>
    /// <returns>Whether it was saved; <see langword="false"/> when the issue has a record already.</returns>
    /// <exception cref="InvalidOperationException">The record's state is not one work starts in.</exception>
    public Task<bool> TryCreateAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!SessionTransitions.Initial.Contains(record.State))
        {
            throw new InvalidOperationException($"A session record cannot start as {record.State}.");
        }

        return store.TryCreateSessionAsync(record, cancellationToken);
    }

    /// <summary>
    /// Moves the issue's record from <paramref name="expected"/> to <paramref name="target"/> (with
    /// <paramref name="change"/>'s other fields) if it is still in <paramref name="expected"/>.
    /// </summary>
    /// <returns>The record as stored afterwards, or <see langword="null"/> when it was in another state (or has none).</returns>
    /// <exception cref="InvalidOperationException"><see cref="SessionTransitions"/> has no such transition.</exception>
    public Task<SessionRecord?> TryTransitionAsync(IssueKey issue, SessionState expected, SessionState target, Func<SessionRecord, SessionRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Require(expected, target);
        return TryChangeAsync(issue, current => current.State == expected ? change(current) with { State = target } : null, cancellationToken);
    }

    /// <summary>
    /// Moves the issue's record to <paramref name="target"/> from whichever of <paramref name="expected"/> it is in.
    /// </summary>
    /// <returns>The record as stored afterwards, or <see langword="null"/> when it was in none of them (or has none).</returns>
    public Task<SessionRecord?> TryTransitionAsync(IssueKey issue, IReadOnlySet<SessionState> expected, SessionState target, Func<SessionRecord, SessionRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(change);
        foreach (var from in expected)
        {
            Require(from, target);
        }

        return TryChangeAsync(issue, current => expected.Contains(current.State) ? change(current) with { State = target } : null, cancellationToken);
    }

    /// <summary>Changes fields of the issue's record other than its state, from the record as stored now.</summary>
    /// <param name="issue">The issue.</param>
    /// <param name="change">Pure; returns <see langword="null"/> (or the same record) to write nothing.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The record as stored afterwards, or <see langword="null"/> when the issue has none.</returns>
    /// <exception cref="InvalidOperationException"><paramref name="change"/> changed the state.</exception>
    public Task<SessionRecord?> UpdateAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return store.UpdateSessionAsync(
            issue,
            current =>
            {
                var changed = change(current);
                if (changed is not null && changed.State != current.State)
                {
                    throw new InvalidOperationException($"{issue} changed state from {current.State} to {changed.State} outside a transition.");
                }

                return changed is null ? null : KeepWriteOnce(current, changed);
            },
            cancellationToken);
    }

    private async Task<SessionRecord?> TryChangeAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken)
    {
        // A store may call change more than once (a retried transaction): the last call decides.
        var applied = false;
        var stored = await store.UpdateSessionAsync(
            issue,
            current =>
            {
                var changed = change(current);
                applied = changed is not null;
                return changed is null ? null : KeepWriteOnce(current, changed);
            },
            cancellationToken).ConfigureAwait(false);
        return applied ? stored : null;
    }

    private static void Require(SessionState from, SessionState to)
    {
        if (!SessionTransitions.IsAllowed(from, to))
        {
            throw new InvalidOperationException($"A session cannot move from {from} to {to}.");
        }
    }

    // Given once and never taken back: a second status comment, or a tmux session another issue's name points to,
    // would follow from losing either.
    private static SessionRecord KeepWriteOnce(SessionRecord stored, SessionRecord changed) => changed with
    {
        SessionName = stored.SessionName,
        StatusCommentId = stored.StatusCommentId ?? changed.StatusCommentId,
    };
}
