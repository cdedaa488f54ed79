using System.Text.Json;
using Codemate.Issues;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>
/// Group commit for <see cref="TryAcceptAsync"/>, as in the SQLite store: deliveries that arrive while a batch is being
/// written wait for the next one, and each batch is one transaction. Work enters the queue under the work lock held to
/// the commit, so without batching every delivery would wait for the previous one's flush to disk; a batch pays for
/// one. Each delivery is answered only after the transaction holding it has committed.
/// </summary>
internal sealed partial class PostgresStateStore
{
    private readonly Lock _acceptLock = new();
    private readonly Hosting.BackgroundWork _acceptWriter = new();
    private List<AcceptRequest> _accepts = [];
    private bool _writing;
    private bool _acceptsStopped;
    private long _acceptCommits;

    /// <summary>Transactions that recorded deliveries so far: how well concurrent deliveries share commits.</summary>
    internal long AcceptCommits => Interlocked.Read(ref _acceptCommits);

    /// <summary>Deliveries waiting for the next batch.</summary>
    internal int WaitingAccepts
    {
        get
        {
            lock (_acceptLock)
            {
                return _accepts.Count;
            }
        }
    }

    public async Task<PendingWork?> TryAcceptAsync(string deliveryId, IssueWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var request = new AcceptRequest(deliveryId, work, JsonSerializer.SerializeToUtf8Bytes(work, StateJson.Options), TraceParentOf(System.Diagnostics.Activity.Current));
        bool startWriter;
        lock (_acceptLock)
        {
            ObjectDisposedException.ThrowIf(_acceptsStopped, this);
            _accepts.Add(request);
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            _acceptWriter.Start(WriteAcceptsAsync);
        }

        try
        {
            return await request.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_acceptLock)
            {
                // Not written yet: it never will be. Already in a batch: it is recorded, and a repeat is a duplicate.
                _accepts.Remove(request);
            }

            throw;
        }
    }

    private async Task WriteAcceptsAsync()
    {
        while (true)
        {
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
                var results = await InTransactionAsync(async (connection, transaction) =>
                {
                    var written = new PendingWork?[batch.Count];
                    for (var i = 0; i < batch.Count; i++)
                    {
                        written[i] = await AcceptAsync(connection, transaction, batch[i]).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    Interlocked.Increment(ref _acceptCommits);
                    return written;
                }, CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(exception);
                }
            }
        }
    }

    private async Task<PendingWork?> AcceptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AcceptRequest request)
    {
        using (var record = new NpgsqlCommand("INSERT INTO deliveries (id, received_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", connection, transaction))
        {
            record.Parameters.AddWithValue(request.DeliveryId);
            record.Parameters.AddWithValue(Now());
            if (await record.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        var sequence = await InsertWorkAsync(connection, transaction, request.Work.Issue, request.Payload, request.TraceParent, CancellationToken.None).ConfigureAwait(false);
        return new PendingWork(sequence, request.Work) { TraceParent = request.TraceParent };
    }

    /// <summary>Fails what still waits for a batch and waits for the batch being written; later accepts throw at once.</summary>
    private async Task StopAcceptingAsync()
    {
        List<AcceptRequest> waiting;
        lock (_acceptLock)
        {
            _acceptsStopped = true;
            waiting = _accepts;
            _accepts = [];
        }

        foreach (var request in waiting)
        {
            request.Completion.TrySetException(new ObjectDisposedException(nameof(PostgresStateStore)));
        }

        await _acceptWriter.SettledAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private sealed record AcceptRequest(string DeliveryId, IssueWork Work, byte[] Payload, string? TraceParent)
    {
        public TaskCompletionSource<PendingWork?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
