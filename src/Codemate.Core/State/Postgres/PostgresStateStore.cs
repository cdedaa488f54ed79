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
