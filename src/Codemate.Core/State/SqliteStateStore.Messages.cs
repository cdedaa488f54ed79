using System.Globalization;
using Codemate.Issues;
using Microsoft.Data.Sqlite;

namespace Codemate.State;

/// <summary>The agent queue: text waiting to be typed into each issue's agent, oldest first, each key queued once.</summary>
internal sealed partial class SqliteStateStore
{
    public Task<QueuedMessage> EnqueueMessageAsync(IssueKey issue, string text, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => InsertMessage(connection, issue, text, _time.GetUtcNow()), cancellationToken);

    public Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        TryEnqueueMessageAsync(issue, key, text, first: false, cancellationToken);

    public Task<QueuedMessage?> TryEnqueueMessageFirstAsync(IssueKey issue, string key, string text, CancellationToken cancellationToken) =>
        TryEnqueueMessageAsync(issue, key, text, first: true, cancellationToken);

    private Task<QueuedMessage?> TryEnqueueMessageAsync(IssueKey issue, string key, string text, bool first, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            var now = _time.GetUtcNow();
            using var transaction = connection.BeginTransaction();
            using var claim = Command(connection, "INSERT OR IGNORE INTO message_keys (key, created_at) VALUES ($key, $at)");
            claim.Parameters.AddWithValue("$key", issue + "|" + key);
            claim.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            if (claim.ExecuteNonQuery() == 0)
            {
                return null;
            }

            var message = first ? InsertMessageFirst(connection, issue, text, now) : InsertMessage(connection, issue, text, now);
            transaction.Commit();
            return message;
        }, cancellationToken);

    private static QueuedMessage InsertMessage(SqliteConnection connection, IssueKey issue, string text, DateTimeOffset now)
    {
        using var command = Command(connection, "INSERT INTO messages (issue, text, created_at) VALUES ($issue, $text, $at) RETURNING seq");
        command.Parameters.AddWithValue("$issue", issue.ToString());
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
        var sequence = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new QueuedMessage(sequence, issue, text, now);
    }

    /// <summary>
    /// Below every sequence in the table when the issue has text queued (so it is read first, and no other issue's text
    /// has its number); an ordinary insert when it has none.
    /// </summary>
    private static QueuedMessage InsertMessageFirst(SqliteConnection connection, IssueKey issue, string text, DateTimeOffset now)
    {
        using var command = Command(
            connection,
            "INSERT INTO messages (seq, issue, text, created_at) " +
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM messages WHERE issue = $issue) THEN (SELECT MIN(seq) FROM messages) - 1 END, $issue, $text, $at RETURNING seq");
        command.Parameters.AddWithValue("$issue", issue.ToString());
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
        var sequence = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new QueuedMessage(sequence, issue, text, now);
    }

    public async Task<QueuedMessage?> PeekMessageAsync(IssueKey issue, CancellationToken cancellationToken) =>
        (await ReadMessagesAsync(issue, 1, cancellationToken).ConfigureAwait(false)) is [var first, ..] ? first : null;

    public Task<IReadOnlyList<QueuedMessage>> GetMessagesAsync(IssueKey issue, CancellationToken cancellationToken) =>
        ReadMessagesAsync(issue, -1, cancellationToken);

    public Task MarkMessageAttemptedAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE messages SET attempted = 1 WHERE seq = $seq", cancellationToken, ("$seq", sequence));

    public Task<int> CountMessagesAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            using var command = Command(connection, "SELECT COUNT(*) FROM messages");
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task RemoveMessageAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM messages WHERE seq = $seq", cancellationToken, ("$seq", sequence));

    private Task<IReadOnlyList<QueuedMessage>> ReadMessagesAsync(IssueKey issue, int limit, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<QueuedMessage>>(connection =>
        {
            using var command = Command(connection, "SELECT seq, text, created_at, attempted FROM messages WHERE issue = $issue ORDER BY seq LIMIT $limit");
            command.Parameters.AddWithValue("$issue", issue.ToString());
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var result = new List<QueuedMessage>();
            while (reader.Read())
            {
                result.Add(new QueuedMessage(reader.GetInt64(0), issue, reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt64(3) != 0));
            }

            return result;
        }, cancellationToken);
}
