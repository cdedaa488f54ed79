using System.Diagnostics;
using Codemate.Issues;
using Microsoft.Data.Sqlite;

namespace Codemate.State;

/// <summary>
/// Group commit for <see cref="TryAcceptAsync"/>. Each caller adds its delivery to a shared batch; the first caller
/// to find no writer at work starts one, and that writer commits whatever is waiting, one transaction per batch,
/// until nothing is left. Under load many webhooks pay for one commit and only the writer ever waits for the store's
/// lock (a queue of callers each taking the lock in turn, only to find its delivery already written, cost more than the
/// commit itself). Each delivery is still answered only after the transaction holding it has committed, and alone
/// it costs what it did before: a batch of one.
/// </summary>
internal sealed partial class SqliteStateStore
{
    // Accepted deliveries and the work Codemate gives itself enter the queue the same way. The sequence is the row's
    // rowid, read from the connection after the insert (InsertedSequence): a RETURNING clause made every insert a
    // query with its own data reader, about a tenth of the store's time per accepted delivery (benchmarks/).
    private const string InsertWorkSql = "INSERT INTO work (issue, payload, created_at, traceparent) VALUES ($issue, $payload, $at, $trace)";

    private readonly Lock _acceptLock = new();
    private List<AcceptRequest> _accepts = [];
    private bool _writing;
    private bool _disposed;
    private long _acceptCommits;

    /// <summary>Transactions that recorded deliveries so far: how well concurrent deliveries share commits.</summary>
    internal long AcceptCommits => Interlocked.Read(ref _acceptCommits);

    public async Task<PendingWork?> TryAcceptAsync(string deliveryId, IssueWork work, CancellationToken cancellationToken)
    {
        // Serialised (and compressed) before joining the batch, so the writer spends its time in SQLite only.
        // The caller's span (the receiver's, for a webhook) is the trace the work continues when it runs: recorded here,
        // as a message producer injects the ambient context, so the store's interface stays as it was.
        var request = new AcceptRequest(deliveryId, work, work.Issue.ToString(), WorkPayload.Encode(work), TraceParentOf(Activity.Current));
        bool startWriter;
        lock (_acceptLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _accepts.Add(request);
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            _ = Task.Run(WriteAcceptsAsync, CancellationToken.None);
        }

        try
        {
            return await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_acceptLock)
            {
                if (_accepts.Remove(request))
                {
                    throw;
                }
            }

            // The writer already took it into a batch: that batch's outcome is the truth, and it is near.
            return await request.Completion.Task.ConfigureAwait(false);
        }
    }

    private async Task WriteAcceptsAsync()
    {
        while (true)
        {
            // Under load the other deliveries of this moment are still being read on other threads, microseconds
            // from joining: trips through the thread pool's queue let them join this batch. With no trip the writer
            // committed ~1.6 deliveries per transaction at 32 connections, with one ~9, with two ~10.5, and commits
            // cost far more than rows (benchmarks/: the first trip gave +15% accepted requests/s, the second 3-8%
            // less CPU per delivery). A third trip, or trips until no one joined, made batches no cheaper. Idle, each
            // trip costs microseconds.
            await Task.Yield();
            await Task.Yield();
            List<AcceptRequest> batch;
            lock (_acceptLock)
            {
                if (_accepts.Count == 0)
                {
                    _writing = false;
                    return;
                }

                batch = _accepts;
                _accepts = [];
            }

            try
            {
                // The batch belongs to every caller in it, so no one caller's cancellation may abandon it.
                await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    await WriteBatchAsync(batch).ConfigureAwait(false);
                }
                finally
                {
                    _gate.Release();
                }
            }
            catch (ObjectDisposedException exception)
            {
                // The store was disposed under the writer: everyone waiting hears so now, not never.
                Fail(batch, exception);
            }
        }
    }

    /// <summary>Fails what is still waiting for a batch; later accepts throw at once.</summary>
    private void StopAccepting()
    {
        List<AcceptRequest> waiting;
        lock (_acceptLock)
        {
            _disposed = true;
            waiting = _accepts;
            _accepts = [];
        }

        Fail(waiting, new ObjectDisposedException(nameof(SqliteStateStore)));
    }

    private async Task WriteBatchAsync(List<AcceptRequest> batch)
    {
        var results = new PendingWork?[batch.Count];
        try
        {
            var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            var changesBefore = TotalChanges(connection);
            using var transaction = connection.BeginTransaction();
            using var insertDelivery = Command(connection, "INSERT OR IGNORE INTO deliveries (id, received_at) VALUES ($id, $at)");
            var deliveryId = insertDelivery.Parameters.Add("$id", SqliteType.Text);
            var deliveryAt = insertDelivery.Parameters.Add("$at", SqliteType.Integer);
            using var insertWork = Command(connection, InsertWorkSql);
            var workIssue = insertWork.Parameters.Add("$issue", SqliteType.Text);
            var workPayload = insertWork.Parameters.Add("$payload", SqliteType.Blob);
            var workAt = insertWork.Parameters.Add("$at", SqliteType.Integer);
            var workTrace = insertWork.Parameters.Add("$trace", SqliteType.Text);
            var now = Now();
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                deliveryId.Value = request.DeliveryId;
                deliveryAt.Value = now;
                if (insertDelivery.ExecuteNonQuery() == 0)
                {
                    continue;
                }

                workIssue.Value = request.Issue;
                workPayload.Value = request.Payload;
                workAt.Value = now;
                workTrace.Value = (object?)request.TraceParent ?? DBNull.Value;
                insertWork.ExecuteNonQuery();
                results[i] = new PendingWork(InsertedSequence(connection), request.Work) { TraceParent = request.TraceParent };
            }

            transaction.Commit();
            Interlocked.Increment(ref _acceptCommits);
            NoteWalWritten(connection, changesBefore);
        }
        catch (Exception exception)
        {
            Fail(batch, exception is SqliteException ? new CodemateException($"The state database {_path} failed: {exception.Message}", exception) : exception);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private static void Fail(List<AcceptRequest> batch, Exception failure)
    {
        foreach (var request in batch)
        {
            request.Completion.TrySetException(failure);
        }
    }

    /// <summary>The <c>seq</c> of the work row <paramref name="connection"/> inserted last (<c>seq</c> is the rowid).</summary>
    private static long InsertedSequence(SqliteConnection connection) => SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/>; none for a span that is not recorded or not W3C.</summary>
    private static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C, Recorded: true } ? activity.Id : null;

    // The payload is the work as UTF-8 JSON (compressed when long, see WorkPayload): no round trip through a .NET string.
    private sealed record AcceptRequest(string DeliveryId, IssueWork Work, string Issue, byte[] Payload, string? TraceParent)
    {
        public TaskCompletionSource<PendingWork?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
