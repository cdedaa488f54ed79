using System.Text.Json;
using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>The queue of accepted work and the parked (dead-letter) list.</summary>
internal sealed partial class PostgresStateStore
{
    private const string InsertWorkSql = "INSERT INTO work (issue, payload, created_at, traceparent) VALUES ($1, $2, $3, $4) RETURNING seq";

    public Task<PendingWork> EnqueueWorkAsync(IssueWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var payload = JsonSerializer.SerializeToUtf8Bytes(work, StateJson.Options);
        var traceParent = TraceParentOf(System.Diagnostics.Activity.Current);
        return InTransactionAsync(async (connection, transaction) =>
        {
            var sequence = await InsertWorkAsync(connection, transaction, work.Issue, payload, traceParent, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new PendingWork(sequence, work) { TraceParent = traceParent };
        }, cancellationToken);
    }

    /// <summary>
    /// Inserts under the work lock, held to the commit: a sequence number taken later always commits later, so no
    /// reader that has seen a sequence can miss a smaller one committing after it.
    /// </summary>
    private async Task<long> InsertWorkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IssueKey issue, byte[] payload, string? traceParent, CancellationToken cancellationToken)
    {
        await LockWorkAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        using var insert = new NpgsqlCommand(InsertWorkSql, connection, transaction);
        insert.Parameters.AddWithValue(issue.ToString());
        insert.Parameters.AddWithValue(payload);
        insert.Parameters.AddWithValue(Now());
        insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)traceParent ?? DBNull.Value);
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task LockWorkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // The notification goes out at the commit (one per transaction), and wakes every replica's dispatcher.
        using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock($1), pg_notify('{WorkChannel}', '')", connection, transaction);
        command.Parameters.AddWithValue(WorkLock);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(CancellationToken cancellationToken) =>
        GetPendingWorkAsync(afterSequence: 0, maxCount: int.MaxValue, cancellationToken);

    public Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        QueuedWork.PageAsync(afterSequence, maxCount, (after, count) => ReadWorkAsync(after, count, cancellationToken), async sequence =>
        {
            if (await ParkAsync(sequence, ParkedWork.Unreadable, deliveryId: null, attempts: 0, "the stored event could not be read", cancellationToken).ConfigureAwait(false))
            {
                Log.ParkedUnreadable(_logger, sequence, _description);
            }
        });

    private Task<List<(long Sequence, byte[] Payload, string? TraceParent)>> ReadWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT seq, payload, traceparent FROM work WHERE seq > $1 ORDER BY seq LIMIT $2", connection);
            command.Parameters.AddWithValue(afterSequence);
            command.Parameters.AddWithValue(maxCount);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<(long Sequence, byte[] Payload, string? TraceParent)>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return result;
        }, cancellationToken);

    public Task CompleteWorkAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM work WHERE seq = $1", cancellationToken, sequence);

    public Task<int> PruneDeliveriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var before = olderThan.ToUnixTimeMilliseconds();
            await ExecuteAsync(connection, "DELETE FROM message_keys WHERE created_at < $1", cancellationToken, before).ConfigureAwait(false);
            return await ExecuteAsync(connection, "DELETE FROM deliveries WHERE received_at < $1", cancellationToken, before).ConfigureAwait(false);
        }, cancellationToken);

    public Task ParkWorkAsync(PendingWork work, int attempts, string reason, CancellationToken cancellationToken) =>
        ParkAsync(work.Sequence, work.Work.GetType().Name, work.Work.DeliveryId, attempts, reason, cancellationToken);

    /// <summary>Moves the row from <c>work</c> to <c>dead_letters</c> in one transaction; false when it is no longer queued.</summary>
    private Task<bool> ParkAsync(long sequence, string kind, string? deliveryId, int attempts, string reason, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            using (var park = new NpgsqlCommand(
                "INSERT INTO dead_letters (seq, issue, payload, kind, delivery_id, attempts, reason, created_at, parked_at) " +
                "SELECT seq, issue, payload, $2, $3, $4, $5, created_at, $6 FROM work WHERE seq = $1 " +
                "ON CONFLICT (seq) DO UPDATE SET kind = EXCLUDED.kind, delivery_id = EXCLUDED.delivery_id, attempts = EXCLUDED.attempts, reason = EXCLUDED.reason, parked_at = EXCLUDED.parked_at",
                connection,
                transaction))
            {
                park.Parameters.AddWithValue(sequence);
                park.Parameters.AddWithValue(kind);
                park.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)deliveryId ?? DBNull.Value);
                park.Parameters.AddWithValue(attempts);
                park.Parameters.AddWithValue(reason);
                park.Parameters.AddWithValue(Now());
                if (await park.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return false;
                }
            }

            using (var remove = new NpgsqlCommand("DELETE FROM work WHERE seq = $1", connection, transaction))
            {
                remove.Parameters.AddWithValue(sequence);
                await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<ParkedWork>> GetParkedWorkAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<ParkedWork>>(async connection =>
        {
            using var command = new NpgsqlCommand($"SELECT {QueuedWork.ParkedColumns} FROM dead_letters ORDER BY seq", connection);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<ParkedWork>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(QueuedWork.ReadParked(reader));
            }

            return result;
        }, cancellationToken);

    public Task<int> RequeueParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var traceParent = TraceParentOf(System.Diagnostics.Activity.Current);
        return InTransactionAsync(async (connection, transaction) =>
        {
            await LockWorkAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            int count;
            // New sequence numbers, in the parked order: the dispatcher reads past the last sequence it saw.
            using (var requeue = new NpgsqlCommand(
                "INSERT INTO work (issue, payload, created_at, traceparent) SELECT issue, payload, created_at, $2 FROM dead_letters WHERE issue = $1 ORDER BY seq",
                connection,
                transaction))
            {
                requeue.Parameters.AddWithValue(issue.ToString());
                requeue.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)traceParent ?? DBNull.Value);
                count = await requeue.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var remove = new NpgsqlCommand("DELETE FROM dead_letters WHERE issue = $1", connection, transaction))
            {
                remove.Parameters.AddWithValue(issue.ToString());
                await remove.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }, cancellationToken);
    }

    public Task<int> DiscardParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM dead_letters WHERE issue = $1", cancellationToken, issue.ToString());

    private static partial class Log
    {
        [LoggerMessage(1530, LogLevel.Error, "Queued work {Sequence} in the {Database} could not be read; it was parked (see /status) and the queue goes on")]
        public static partial void ParkedUnreadable(ILogger logger, long sequence, string database);
    }
}
