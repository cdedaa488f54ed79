using Codemate.Issues;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Codemate.State;

/// <summary>
/// Parked work: a row moves between <c>work</c> and <c>dead_letters</c> in one transaction with its payload as it was
/// stored, so parking and retrying never lose or change an event.
/// </summary>
internal sealed partial class SqliteStateStore
{
    public Task ParkWorkAsync(PendingWork work, int attempts, string reason, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => Park(connection, work.Sequence, work.Work.GetType().Name, work.Work.DeliveryId, attempts, reason), cancellationToken);

    public Task<IReadOnlyList<ParkedWork>> GetParkedWorkAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<ParkedWork>>(connection =>
        {
            using var command = Command(connection, $"SELECT {QueuedWork.ParkedColumns} FROM dead_letters ORDER BY seq");
            using var reader = command.ExecuteReader();
            var result = new List<ParkedWork>();
            while (reader.Read())
            {
                result.Add(QueuedWork.ReadParked(reader));
            }

            return result;
        }, cancellationToken);

    public Task<int> RequeueParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        // Retried work continues the trace of what asked for the retry (a /codemate retry comment's work).
        var traceParent = TraceParentOf(System.Diagnostics.Activity.Current);
        return WithConnectionAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            // New sequence numbers, in the parked order: the dispatcher reads past the last sequence it saw.
            using var requeue = Command(
                connection,
                "INSERT INTO work (issue, payload, created_at, traceparent) SELECT issue, payload, created_at, $trace FROM dead_letters WHERE issue = $issue ORDER BY seq");
            requeue.Parameters.AddWithValue("$issue", issue.ToString());
            requeue.Parameters.AddWithValue("$trace", (object?)traceParent ?? DBNull.Value);
            var count = requeue.ExecuteNonQuery();
            using var remove = Command(connection, "DELETE FROM dead_letters WHERE issue = $issue");
            remove.Parameters.AddWithValue("$issue", issue.ToString());
            remove.ExecuteNonQuery();
            transaction.Commit();
            return count;
        }, cancellationToken);
    }

    public Task<int> DiscardParkedWorkAsync(IssueKey issue, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            using var remove = Command(connection, "DELETE FROM dead_letters WHERE issue = $issue");
            remove.Parameters.AddWithValue("$issue", issue.ToString());
            return remove.ExecuteNonQuery();
        }, cancellationToken);

    private async Task ParkUnreadableAsync(long sequence, CancellationToken cancellationToken)
    {
        if (await WithConnectionAsync(connection => Park(connection, sequence, ParkedWork.Unreadable, deliveryId: null, attempts: 0, "the stored event could not be read"), cancellationToken).ConfigureAwait(false))
        {
            Log.ParkedUnreadable(_logger, sequence, _path);
        }
    }

    private bool Park(SqliteConnection connection, long sequence, string kind, string? deliveryId, int attempts, string reason)
    {
        using var transaction = connection.BeginTransaction();
        using var park = Command(
            connection,
            "INSERT OR REPLACE INTO dead_letters (seq, issue, payload, kind, delivery_id, attempts, reason, created_at, parked_at) " +
            "SELECT seq, issue, payload, $kind, $delivery, $attempts, $reason, created_at, $at FROM work WHERE seq = $seq");
        park.Parameters.AddWithValue("$seq", sequence);
        park.Parameters.AddWithValue("$kind", kind);
        park.Parameters.AddWithValue("$delivery", (object?)deliveryId ?? DBNull.Value);
        park.Parameters.AddWithValue("$attempts", attempts);
        park.Parameters.AddWithValue("$reason", reason);
        park.Parameters.AddWithValue("$at", Now());
        if (park.ExecuteNonQuery() == 0)
        {
            return false;
        }

        using var remove = Command(connection, "DELETE FROM work WHERE seq = $seq");
        remove.Parameters.AddWithValue("$seq", sequence);
        remove.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1510, LogLevel.Error, "Queued work {Sequence} in {Path} could not be read; it was parked (see /status) and the queue goes on")]
        public static partial void ParkedUnreadable(ILogger logger, long sequence, string path);
    }
}
