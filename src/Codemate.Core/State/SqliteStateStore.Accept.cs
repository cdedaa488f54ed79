using System.Globalization;
using System.Text.Json;
using Codemate.Issues;
using Microsoft.Data.Sqlite;

namespace Codemate.State;

/// <summary>
/// Group commit for <see cref="TryAcceptAsync"/>. Each caller adds its delivery to a shared batch and waits
/// for the store's lock; whoever gets the lock writes every delivery waiting at that moment in one
/// transaction, so under load many webhooks pay for one commit. Each delivery is still answered only after
/// the transaction holding it has committed, and alone it costs what it did before: a batch of one.
/// </summary>
internal sealed partial class SqliteStateStore
{
    private readonly Lock _acceptLock = new();
    private List<AcceptRequest> _accepts = [];

    public async Task<PendingWork?> TryAcceptAsync(string deliveryId, IssueWork work, CancellationToken cancellationToken)
    {
        // Serialised before the lock, so the lock is held only for SQLite itself.
        var request = new AcceptRequest(deliveryId, work, work.Issue.ToString(), JsonSerializer.Serialize(work, StateJson.Options));
        lock (_acceptLock)
        {
            _accepts.Add(request);
        }

        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_acceptLock)
            {
                if (_accepts.Remove(request))
                {
                    throw;
                }
            }

            // Another caller already took it into its batch: its outcome is the truth, and it is near.
            return await request.Completion.Task.ConfigureAwait(false);
        }

        try
        {
            if (!request.Completion.Task.IsCompleted)
            {
                List<AcceptRequest> batch;
                lock (_acceptLock)
                {
                    batch = _accepts;
                    _accepts = [];
                }

                await WriteBatchAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return await request.Completion.Task.ConfigureAwait(false);
    }

    private async Task WriteBatchAsync(List<AcceptRequest> batch)
    {
        var results = new PendingWork?[batch.Count];
        try
        {
            // The batch belongs to every caller in it, so one caller's cancellation must not abandon the others.
            var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            using var transaction = connection.BeginTransaction();
            using var insertDelivery = Command(connection, "INSERT OR IGNORE INTO deliveries (id, received_at) VALUES ($id, $at)");
            var deliveryId = insertDelivery.Parameters.Add("$id", SqliteType.Text);
            var deliveryAt = insertDelivery.Parameters.Add("$at", SqliteType.Integer);
            using var insertWork = Command(connection, "INSERT INTO work (issue, payload, created_at) VALUES ($issue, $payload, $at) RETURNING seq");
            var workIssue = insertWork.Parameters.Add("$issue", SqliteType.Text);
            var workPayload = insertWork.Parameters.Add("$payload", SqliteType.Text);
            var workAt = insertWork.Parameters.Add("$at", SqliteType.Integer);
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
                results[i] = new PendingWork(Convert.ToInt64(insertWork.ExecuteScalar(), CultureInfo.InvariantCulture), request.Work);
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            // Every caller in the batch sees the failure (the one holding the lock too, through its own request).
            var failure = exception is SqliteException ? new CodemateException($"The state database {_path} failed: {exception.Message}", exception) : exception;
            foreach (var request in batch)
            {
                request.Completion.TrySetException(failure);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private sealed record AcceptRequest(string DeliveryId, IssueWork Work, string Issue, string Payload)
    {
        public TaskCompletionSource<PendingWork?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
