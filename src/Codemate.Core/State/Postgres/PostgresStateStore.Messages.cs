using Codemate.Issues;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>The agent queue: text waiting to be typed into each issue's agent, oldest first, each key queued once.</summary>
internal sealed partial class PostgresStateStore
{
    public Task<QueuedMessage> EnqueueMessageAsync(IssueKey issue, string text, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => InsertMessageAsync(connection, null, issue, text, _time.GetUtcNow(), cancellationToken), cancellationToken);

    public Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        TryEnqueueMessageAsync(issue, key, text, first: false, cancellationToken);

    public Task<QueuedMessage?> TryEnqueueMessageFirstAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        TryEnqueueMessageAsync(issue, key, text, first: true, cancellationToken);

    private Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, bool first, CancellationToken cancellationToken) =>
        InTransactionAsync<QueuedMessage?>(async (connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            using (var claim = new NpgsqlCommand("INSERT INTO message_keys (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", connection, transaction))
            {
                claim.Parameters.AddWithValue(issue + "|" + key);
                claim.Parameters.AddWithValue(now.ToUnixTimeMilliseconds());
                if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    return null;
                }
            }

            var message = first
                ? await InsertMessageFirstAsync(connection, transaction, issue, text, now, cancellationToken).ConfigureAwait(false)
                : await InsertMessageAsync(connection, transaction, issue, text, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return message;
        }, cancellationToken);

    private static async Task<QueuedMessage> InsertMessageAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IssueKey issue, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand("INSERT INTO messages (issue, text, created_at) VALUES ($1, $2, $3) RETURNING seq", connection, transaction);
        command.Parameters.AddWithValue(issue.ToString());
        command.Parameters.AddWithValue(text);
        command.Parameters.AddWithValue(now.ToUnixTimeMilliseconds());
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new QueuedMessage(sequence, issue, text, now);
    }

    /// <summary>
    /// Below every sequence in the table when the issue has text queued (so it is read first, and no other issue's text
    /// has its number); an ordinary insert when it has none. Such inserts take turns, so two never pick one number.
    /// </summary>
    private static async Task<QueuedMessage> InsertMessageFirstAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IssueKey issue, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using (var turn = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            turn.Parameters.AddWithValue(FirstMessageLock);
            await turn.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var command = new NpgsqlCommand(
            "INSERT INTO messages (seq, issue, text, created_at) " +
            "SELECT COALESCE(CASE WHEN EXISTS (SELECT 1 FROM messages WHERE issue = $1) THEN (SELECT MIN(seq) FROM messages) - 1 END, nextval(pg_get_serial_sequence('messages', 'seq'))), $1, $2, $3 RETURNING seq",
            connection,
            transaction);
        command.Parameters.AddWithValue(issue.ToString());
        command.Parameters.AddWithValue(text);
        command.Parameters.AddWithValue(now.ToUnixTimeMilliseconds());
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new QueuedMessage(sequence, issue, text, now);
    }

    public async Task<QueuedMessage?> PeekMessageAsync(IssueKey issue, CancellationToken cancellationToken) =>
        (await ReadMessagesAsync(issue, 1, cancellationToken).ConfigureAwait(false)) is [var first, ..] ? first : null;

    public Task<IReadOnlyList<QueuedMessage>> GetMessagesAsync(IssueKey issue, CancellationToken cancellationToken) =>
        ReadMessagesAsync(issue, null, cancellationToken);

    private Task<IReadOnlyList<QueuedMessage>> ReadMessagesAsync(IssueKey issue, int? limit, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<QueuedMessage>>(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT seq, text, created_at, attempted FROM messages WHERE issue = $1 ORDER BY seq LIMIT $2", connection);
            command.Parameters.AddWithValue(issue.ToString());
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Integer, (object?)limit ?? DBNull.Value);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<QueuedMessage>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new QueuedMessage(reader.GetInt64(0), issue, reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetBoolean(3)));
            }

            return result;
        }, cancellationToken);

    public Task MarkMessageAttemptedAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE messages SET attempted = TRUE WHERE seq = $1", cancellationToken, sequence);

    public Task<int> CountMessagesAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT COUNT(*) FROM messages", connection);
            return (int)(long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task RemoveMessageAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM messages WHERE seq = $1", cancellationToken, sequence);
}
