using Codemate.Issues;
using Codemate.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemate.Testing.Hosting;

/// <summary>
/// The real state store with failures on demand: while <see cref="Fails"/> says so for an operation (named as the
/// <see cref="IStateStore"/> method, e.g. <c>nameof(IStateStore.CompleteWorkAsync)</c>), that call throws what a busy or
/// full SQLite file makes the real store throw, and does nothing.
/// </summary>
public sealed class FaultyStateStore(IStateStore inner) : IStateStore, IDisposable
{
    private int _failures;

    /// <summary>Whether the named operation fails now. Read on every call, so a test can switch it at any time.</summary>
    public Func<string, bool> Fails { get; set; } = _ => false;

    /// <summary>How many calls failed so far.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Replaces the host's state store with a faulty one around the SQLite store; resolve <see cref="IStateStore"/> to reach it.</summary>
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IStateStore>(provider => new FaultyStateStore(ActivatorUtilities.CreateInstance<SqliteStateStore>(provider))));

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<PendingWork?> TryAcceptAsync(string deliveryId, IssueWork work, CancellationToken cancellationToken) =>
        Run(nameof(TryAcceptAsync), () => inner.TryAcceptAsync(deliveryId, work, cancellationToken));

    public Task<PendingWork> EnqueueWorkAsync(IssueWork work, CancellationToken cancellationToken) =>
        Run(nameof(EnqueueWorkAsync), () => inner.EnqueueWorkAsync(work, cancellationToken));

    public Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        Run(nameof(GetPendingWorkAsync), () => inner.GetPendingWorkAsync(afterSequence, maxCount, cancellationToken));

    public Task CompleteWorkAsync(long sequence, CancellationToken cancellationToken) =>
        Run(nameof(CompleteWorkAsync), () => inner.CompleteWorkAsync(sequence, cancellationToken));

    public Task ParkWorkAsync(PendingWork work, int attempts, string reason, CancellationToken cancellationToken) =>
        Run(nameof(ParkWorkAsync), () => inner.ParkWorkAsync(work, attempts, reason, cancellationToken));

    public Task<IReadOnlyList<ParkedWork>> GetParkedWorkAsync(CancellationToken cancellationToken) =>
        Run(nameof(GetParkedWorkAsync), () => inner.GetParkedWorkAsync(cancellationToken));

    public Task<int> RequeueParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken) =>
        Run(nameof(RequeueParkedWorkAsync), () => inner.RequeueParkedWorkAsync(issue, cancellationToken));

    public Task<int> DiscardParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken) =>
        Run(nameof(DiscardParkedWorkAsync), () => inner.DiscardParkedWorkAsync(issue, cancellationToken));

    public Task<int> PruneDeliveriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        Run(nameof(PruneDeliveriesAsync), () => inner.PruneDeliveriesAsync(olderThan, cancellationToken));

    public Task<SessionRecord?> GetSessionAsync(IssueKey issue, CancellationToken cancellationToken) =>
        Run(nameof(GetSessionAsync), () => inner.GetSessionAsync(issue, cancellationToken));

    public Task<IReadOnlyList<SessionRecord>> GetSessionsAsync(CancellationToken cancellationToken) =>
        Run(nameof(GetSessionsAsync), () => inner.GetSessionsAsync(cancellationToken));

    public Task<SessionRecord?> GetSessionByNameAsync(string sessionName, CancellationToken cancellationToken) =>
        Run(nameof(GetSessionByNameAsync), () => inner.GetSessionByNameAsync(sessionName, cancellationToken));

    public Task<bool> TryCreateSessionAsync(SessionRecord session, CancellationToken cancellationToken) =>
        Run(nameof(TryCreateSessionAsync), () => inner.TryCreateSessionAsync(session, cancellationToken));

    public Task<SessionRecord?> UpdateSessionAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken) =>
        Run(nameof(UpdateSessionAsync), () => inner.UpdateSessionAsync(issue, change, cancellationToken));

    public Task<QueuedMessage> EnqueueMessageAsync(IssueKey issue, string text, CancellationToken cancellationToken) =>
        Run(nameof(EnqueueMessageAsync), () => inner.EnqueueMessageAsync(issue, text, cancellationToken));

    public Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        Run(nameof(TryEnqueueMessageAsync), () => inner.TryEnqueueMessageAsync(issue, key, text, cancellationToken));

    public Task<QueuedMessage?> PeekMessageAsync(IssueKey issue, CancellationToken cancellationToken) =>
        Run(nameof(PeekMessageAsync), () => inner.PeekMessageAsync(issue, cancellationToken));

    public Task<IReadOnlyList<QueuedMessage>> GetMessagesAsync(IssueKey issue, CancellationToken cancellationToken) =>
        Run(nameof(GetMessagesAsync), () => inner.GetMessagesAsync(issue, cancellationToken));

    public Task MarkMessageAttemptedAsync(long sequence, CancellationToken cancellationToken) =>
        Run(nameof(MarkMessageAttemptedAsync), () => inner.MarkMessageAttemptedAsync(sequence, cancellationToken));

    public Task RemoveMessageAsync(long sequence, CancellationToken cancellationToken) =>
        Run(nameof(RemoveMessageAsync), () => inner.RemoveMessageAsync(sequence, cancellationToken));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private Task<T> Run<T>(string operation, Func<Task<T>> call) =>
        Fails(operation) ? Task.FromException<T>(Failure()) : call();

    private Task Run(string operation, Func<Task> call) =>
        Fails(operation) ? Task.FromException(Failure()) : call();

    private CodemateException Failure()
    {
        Interlocked.Increment(ref _failures);
        return new CodemateException(
            "The state database /test/state.db failed: SQLite Error 5: 'database is locked'.",
            new SqliteException("SQLite Error 5: 'database is locked'.", 5));
    }
}
