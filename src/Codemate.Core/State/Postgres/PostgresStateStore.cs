using System.Diagnostics;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>
/// <see cref="IStateStore"/> in PostgreSQL (<c>CODEMATE_DATABASE_URL</c>), with the SQLite store's semantics: the same
/// tables, the same JSON payloads. Each call takes a pooled connection; every multi-step change is one transaction.
/// Work enters the queue under a transaction-scoped advisory lock, so sequence numbers commit in order and a reader
/// that reads past the last sequence it saw misses nothing.
/// </summary>
internal sealed partial class PostgresStateStore : IStateStore, IAsyncDisposable, IDisposable
{
    // Advisory lock keys ("Codemate" and neighbours): per database, so tests on separate databases never meet.
    private const long MigrationLock = 0x436F_6465_6D61_7465;
    internal const long WorkLock = MigrationLock + 1;
    private const long FirstMessageLock = MigrationLock + 3;

    /// <summary>Connections one store opens at most unless the connection string says (<c>Maximum Pool Size</c>).</summary>
    internal const int DefaultPoolSize = 16;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _listenConnectionString;
    private readonly string _description;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PostgresStateStore(IOptions<CodemateOptions> options, TimeProvider time, ILogger<PostgresStateStore>? logger = null)
    {
        var builder = PostgresConnection.Parse(options.Value.DatabaseUrl ?? throw new InvalidOperationException($"{EnvironmentVariables.DatabaseUrl} is not set."));
        _description = PostgresConnection.Describe(builder);
        if (!builder.ToString().Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            // A burst of deliveries waits for a connection rather than taking the server's (default 100) from other
            // replicas; each call holds one for milliseconds.
            builder.MaxPoolSize = DefaultPoolSize;
        }

        _dataSource = NpgsqlDataSource.Create(builder);
        // LISTEN needs a connection of its own for as long as it listens: not one of the pool's.
        _listenConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString;
        _time = time;
        _logger = logger ?? NullLogger<PostgresStateStore>.Instance;
    }

    /// <summary>Which database this is, without the password: for messages.</summary>
    public string Description => _description;

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        Guard(() => MigrateAsync(cancellationToken));

    public Task<SessionRecord?> GetSessionAsync(IssueKey issue, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection => await ReadSessionAsync(connection, null, issue, forUpdate: false, cancellationToken).ConfigureAwait(false), cancellationToken);

    public Task<IReadOnlyList<SessionRecord>> GetSessionsAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<SessionRecord>>(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT data FROM sessions ORDER BY created_at, issue", connection);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<SessionRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(JsonSerializer.Deserialize<SessionRecord>(reader.GetString(0), StateJson.Options)!);
            }

            return result;
        }, cancellationToken);

    public Task<SessionRecord?> GetSessionByNameAsync(string sessionName, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT data FROM sessions WHERE name = $1", connection);
            command.Parameters.AddWithValue(sessionName);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
                ? JsonSerializer.Deserialize<SessionRecord>(json, StateJson.Options)
                : null;
        }, cancellationToken);

    public Task<bool> TryCreateSessionAsync(SessionRecord session, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection => await WriteSessionAsync(connection, null, session, create: true, cancellationToken).ConfigureAwait(false) == 1, cancellationToken);

    public Task<SessionRecord?> UpdateSessionAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken) =>
        // The row stays locked from the read to the commit: a concurrent writer waits and then reads this result.
        InTransactionAsync(async (connection, transaction) =>
        {
            var current = await ReadSessionAsync(connection, transaction, issue, forUpdate: true, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var changed = change(current);
            if (changed is null || changed == current)
            {
                return current;
            }

            await WriteSessionAsync(connection, transaction, changed, create: false, cancellationToken).ConfigureAwait(false);
            var stored = await ReadSessionAsync(connection, transaction, issue, forUpdate: false, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return stored;
        }, cancellationToken);

    private static async Task<SessionRecord?> ReadSessionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IssueKey issue, bool forUpdate, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(forUpdate ? "SELECT data FROM sessions WHERE issue = $1 FOR UPDATE" : "SELECT data FROM sessions WHERE issue = $1", connection, transaction);
        command.Parameters.AddWithValue(issue.ToString());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<SessionRecord>(json, StateJson.Options)
            : null;
    }

    private async Task<int> WriteSessionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, SessionRecord session, bool create, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            create
                ? "INSERT INTO sessions (issue, state, data, name, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (issue) DO NOTHING"
                : "UPDATE sessions SET state = $2, data = $3, name = $4 WHERE issue = $1",
            connection,
            transaction);
        command.Parameters.AddWithValue(session.Issue.ToString());
        command.Parameters.AddWithValue(session.State.ToString());
        command.Parameters.AddWithValue(JsonSerializer.Serialize(session, StateJson.Options));
        command.Parameters.AddWithValue(session.SessionName);
        if (create)
        {
            command.Parameters.AddWithValue(Now());
        }

        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation && exception.ConstraintName == "sessions_name")
        {
            throw new SessionNameTakenException(session.SessionName, exception);
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        await LeaveAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters) =>
        WithConnectionAsync(connection => ExecuteAsync(connection, sql, cancellationToken, parameters), cancellationToken);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WithConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> action, CancellationToken cancellationToken) =>
        await Guard(async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await action(connection).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

    /// <summary>Runs <paramref name="action"/> in a transaction it commits; one it leaves uncommitted is rolled back.</summary>
    private Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> action, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                return await action(connection, transaction).ConfigureAwait(false);
            }
        }, cancellationToken);

    private async Task Guard(Func<Task> action) =>
        await Guard(async () =>
        {
            await action().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    // Npgsql's messages name the server and the failure, never the password; the store's name replaces the URL.
    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NpgsqlException exception) when (exception is not PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new CodemateException($"The {_description} failed: {exception.Message}", exception);
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/>; none for a span that is not recorded or not W3C.</summary>
    private static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C, Recorded: true } ? activity.Id : null;
}
