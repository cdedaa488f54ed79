using Codemate.Issues;

namespace Codemate.State;

/// <summary>
/// Durable state: seen deliveries, the queue of accepted work, each issue's session record and the queue
/// of text waiting for each agent. The default implementation is SQLite.
/// </summary>
public interface IStateStore
{
    /// <summary>Creates or upgrades the store. Fails with a clear message if the file is corrupt or locked.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="deliveryId"/> and enqueues <paramref name="work"/> in one durable step.
    /// </summary>
    /// <returns>The queued work, or <see langword="null"/> when the delivery id was seen before.</returns>
    Task<PendingWork?> TryAcceptAsync(string deliveryId, IssueWork work, CancellationToken cancellationToken);

    /// <summary>
    /// Enqueues work that Codemate gives itself (no webhook delivery carried it, so no delivery id is recorded), after
    /// all work accepted so far.
    /// </summary>
    /// <returns>The queued work.</returns>
    Task<PendingWork> EnqueueWorkAsync(IssueWork work, CancellationToken cancellationToken);

    /// <summary>Accepted work not yet completed, oldest first.</summary>
    Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(CancellationToken cancellationToken) =>
        GetPendingWorkAsync(afterSequence: 0, maxCount: int.MaxValue, cancellationToken);

    /// <summary>
    /// At most <paramref name="maxCount"/> items of accepted work not yet completed whose sequence is greater than
    /// <paramref name="afterSequence"/>, oldest first. Work becomes visible in sequence order, so reading past the
    /// last sequence seen misses nothing. Work that cannot be read back is parked (see <see cref="ParkWorkAsync"/>)
    /// rather than failing the read, so one bad item never stops the queue.
    /// </summary>
    Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>Removes finished work from the queue.</summary>
    Task CompleteWorkAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// Moves work out of the queue into the parked (dead-letter) list in one step, with why it was parked. Work that
    /// is no longer queued is left alone.
    /// </summary>
    Task ParkWorkAsync(PendingWork work, int attempts, string reason, CancellationToken cancellationToken);

    /// <summary>All parked work, oldest first.</summary>
    Task<IReadOnlyList<ParkedWork>> GetParkedWorkAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Queues the issue's parked work again, in its original order, behind everything queued now, and removes it from
    /// the parked list in the same step.
    /// </summary>
    /// <returns>How many items were queued again.</returns>
    Task<int> RequeueParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the issue's parked work for good: work that can never run (an <see cref="ParkedWork.Unreadable"/> row is
    /// parked again at once) or that nobody wants run any more.
    /// </summary>
    /// <returns>How many items were dropped.</returns>
    Task<int> DiscardParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>Forgets delivery ids older than <paramref name="olderThan"/>.</summary>
    Task<int> PruneDeliveriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>The issue's session record, if any.</summary>
    Task<SessionRecord?> GetSessionAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>All session records.</summary>
    Task<IReadOnlyList<SessionRecord>> GetSessionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The record whose <see cref="SessionRecord.SessionName"/> is <paramref name="sessionName"/>, if any. Session names
    /// are unique: a store must refuse to save a record under a name another issue's record holds.
    /// </summary>
    async Task<SessionRecord?> GetSessionByNameAsync(string sessionName, CancellationToken cancellationToken) =>
        (await GetSessionsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => string.Equals(r.SessionName, sessionName, StringComparison.Ordinal));

    /// <summary>
    /// Saves <paramref name="session"/> as the issue's first record, unless it has one. Throws
    /// <see cref="SessionNameTakenException"/> when another issue's record holds its session name.
    /// </summary>
    /// <returns>Whether it was saved.</returns>
    Task<bool> TryCreateSessionAsync(SessionRecord session, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the issue's record and writes <paramref name="change"/>'s result in one atomic step (no other write to the
    /// record in between), so concurrent writers never lose each other's fields: the compare-and-set every state
    /// change is built on. <paramref name="change"/> must be pure; returning <see langword="null"/> or the same record
    /// writes nothing. Throws <see cref="SessionNameTakenException"/> like <see cref="TryCreateSessionAsync"/>.
    /// </summary>
    /// <returns>The record as stored afterwards, or <see langword="null"/> when the issue has none.</returns>
    Task<SessionRecord?> UpdateSessionAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken);

    /// <summary>Appends text to the issue's agent queue.</summary>
    Task<QueuedMessage> EnqueueMessageAsync(IssueKey issue, string text, CancellationToken cancellationToken);

    /// <summary>
    /// Appends text to the issue's agent queue unless text with the same <paramref name="key"/> was queued
    /// before (even if it was delivered since): a repeated event never types the same thing twice.
    /// </summary>
    /// <returns>The queued message, or <see langword="null"/> when <paramref name="key"/> was used before.</returns>
    Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="TryEnqueueMessageAsync"/>, but ahead of the issue's text queued so far: a new agent's task goes
    /// before comments that waited for an agent that is gone. A store without it queues the text last.
    /// </summary>
    /// <returns>The queued message, or <see langword="null"/> when <paramref name="key"/> was used before.</returns>
    Task<QueuedMessage?> TryEnqueueMessageFirstAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        TryEnqueueMessageAsync(issue, key, text, cancellationToken);

    /// <summary>The issue's oldest queued text, if any.</summary>
    Task<QueuedMessage?> PeekMessageAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>All of the issue's queued text, oldest first.</summary>
    Task<IReadOnlyList<QueuedMessage>> GetMessagesAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>
    /// Records, durably, that Codemate is about to type the text into the agent; <see cref="QueuedMessage.Attempted"/>
    /// says so from then on, so a crash before <see cref="RemoveMessageAsync"/> cannot make a repeat look new.
    /// </summary>
    Task MarkMessageAttemptedAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>How many pieces of text wait for agents, all issues together.</summary>
    async Task<int> CountMessagesAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var session in await GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            count += (await GetMessagesAsync(session.Issue, cancellationToken).ConfigureAwait(false)).Count;
        }

        return count;
    }

    /// <summary>Removes text once it was pasted into the agent.</summary>
    Task RemoveMessageAsync(long sequence, CancellationToken cancellationToken);
}
