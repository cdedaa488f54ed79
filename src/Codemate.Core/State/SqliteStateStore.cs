using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.State;

/// <summary>
/// The default <see cref="IStateStore"/>: one SQLite file in WAL mode. All access goes through one
/// connection behind a lock; SQLite calls take microseconds, and one writer is what SQLite wants anyway.
/// Accepted deliveries are group-committed: deliveries that arrive together share one transaction.
/// </summary>
internal sealed partial class SqliteStateStore : IStateStore, IDisposable
{
    // 5: dead_letters, for work that failed every attempt; 6: work.traceparent, the trace the work continues;
    // 7: work payloads may be compressed (WorkPayload), which an earlier version would park as unreadable;
    // 8: deliveries keyed by id alone (KeyDeliveriesByIdAsync); 9: work payloads may be LZ4-compressed, which an
    // earlier version would park as unreadable.
    private const int SchemaVersion = 9;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public SqliteStateStore(IOptions<CodemateOptions> options, TimeProvider time, ILogger<SqliteStateStore>? logger = null)
    {
        _path = options.Value.ResolvedStatePath;
        _time = time;
        _logger = logger ?? NullLogger<SqliteStateStore>.Instance;
    }

    public string Path => _path;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _ = await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(CancellationToken cancellationToken) =>
        GetPendingWorkAsync(afterSequence: 0, maxCount: int.MaxValue, cancellationToken);

    public Task<IReadOnlyList<PendingWork>> GetPendingWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        QueuedWork.PageAsync(afterSequence, maxCount, (after, count) => ReadWorkAsync(after, count, cancellationToken), sequence => ParkUnreadableAsync(sequence, cancellationToken));

    // Only the read holds the store's lock; the payloads (each a whole comment or issue body) are parsed after it is
    // released, so the dispatcher catching up under load does not hold up accepts waiting to commit.
    private Task<List<(long Sequence, byte[] Payload, string? TraceParent)>> ReadWorkAsync(long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            using var command = Command(connection, "SELECT seq, payload, traceparent FROM work WHERE seq > $after ORDER BY seq LIMIT $limit");
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", maxCount);
            using var reader = command.ExecuteReader();
            // Payloads are UTF-8 JSON, written as blobs now (compressed when long) and as text by earlier versions: all
            // read back as the JSON's bytes.
            var result = new List<(long Sequence, byte[] Payload, string? TraceParent)>();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), WorkPayload.Unpack(reader.GetFieldValue<byte[]>(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }

            return result;
        }, cancellationToken);

    public Task CompleteWorkAsync(long sequence, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM work WHERE seq = $seq", cancellationToken, ("$seq", sequence));

    public Task<int> PruneDeliveriesAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            using var keys = Command(connection, "DELETE FROM message_keys WHERE created_at < $before");
            keys.Parameters.AddWithValue("$before", olderThan.ToUnixTimeMilliseconds());
            keys.ExecuteNonQuery();
            using var command = Command(connection, "DELETE FROM deliveries WHERE received_at < $before");
            command.Parameters.AddWithValue("$before", olderThan.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public Task<SessionRecord?> GetSessionAsync(IssueKey issue, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => ReadSession(connection, issue), cancellationToken);

    public Task<IReadOnlyList<SessionRecord>> GetSessionsAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<SessionRecord>>(connection =>
        {
            using var command = Command(connection, "SELECT data FROM sessions ORDER BY created_at, issue");
            using var reader = command.ExecuteReader();
            var result = new List<SessionRecord>();
            while (reader.Read())
            {
                result.Add(JsonSerializer.Deserialize<SessionRecord>(reader.GetString(0), StateJson.Options)!);
            }

            return result;
        }, cancellationToken);

    public Task<PendingWork> EnqueueWorkAsync(IssueWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var payload = WorkPayload.Encode(work);
        // Work Codemate queues itself continues the trace of the work that queued it, as accepted work does.
        var traceParent = TraceParentOf(System.Diagnostics.Activity.Current);
        return WithConnectionAsync(connection =>
        {
            using var command = Command(connection, InsertWorkSql);
            command.Parameters.AddWithValue("$issue", work.Issue.ToString());
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$at", Now());
            command.Parameters.AddWithValue("$trace", (object?)traceParent ?? DBNull.Value);
            command.ExecuteNonQuery();
            return new PendingWork(InsertedSequence(connection), work) { TraceParent = traceParent };
        }, cancellationToken);
    }

    public Task<SessionRecord?> GetSessionByNameAsync(string sessionName, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            using var command = Command(connection, "SELECT data FROM sessions WHERE name = $name");
            command.Parameters.AddWithValue("$name", sessionName);
            return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<SessionRecord>(json, StateJson.Options) : null;
        }, cancellationToken);

    public Task<bool> TryCreateSessionAsync(SessionRecord session, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection => WriteSession(connection, session, create: true) == 1, cancellationToken);

    public Task<SessionRecord?> UpdateSessionAsync(IssueKey issue, Func<SessionRecord, SessionRecord?> change, CancellationToken cancellationToken) =>
        WithConnectionAsync(connection =>
        {
            var current = ReadSession(connection, issue);
            if (current is null)
            {
                return null;
            }

            var changed = change(current);
            if (changed is null || changed == current)
            {
                return current;
            }

            WriteSession(connection, changed, create: false);
            return ReadSession(connection, issue);
        }, cancellationToken);

    private static SessionRecord? ReadSession(SqliteConnection connection, IssueKey issue)
    {
        using var command = Command(connection, "SELECT data FROM sessions WHERE issue = $issue");
        command.Parameters.AddWithValue("$issue", issue.ToString());
        return command.ExecuteScalar() is string json ? JsonSerializer.Deserialize<SessionRecord>(json, StateJson.Options) : null;
    }

    private int WriteSession(SqliteConnection connection, SessionRecord session, bool create)
    {
        using var command = Command(
            connection,
            create
                ? "INSERT INTO sessions (issue, state, data, created_at, name) VALUES ($issue, $state, $data, $at, $name) ON CONFLICT(issue) DO NOTHING"
                : "UPDATE sessions SET state = $state, data = $data, name = $name WHERE issue = $issue");
        command.Parameters.AddWithValue("$issue", session.Issue.ToString());
        command.Parameters.AddWithValue("$state", session.State.ToString());
        command.Parameters.AddWithValue("$data", JsonSerializer.Serialize(session, StateJson.Options));
        command.Parameters.AddWithValue("$at", Now());
        command.Parameters.AddWithValue("$name", session.SessionName);
        try
        {
            return command.ExecuteNonQuery();
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 19 && exception.Message.Contains("sessions.name", StringComparison.Ordinal))
        {
            throw new SessionNameTakenException(session.SessionName, exception);
        }
    }

    public void Dispose()
    {
        StopAccepting();
        var stopped = StopCheckpoints();
        _connection?.Dispose();
        if (stopped)
        {
            _gate.Dispose();
        }
    }

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters) =>
        WithConnectionAsync(connection =>
        {
            using var command = Command(connection, sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return command.ExecuteNonQuery();
        }, cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<SqliteConnection, T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var changesBefore = TotalChanges(connection);
            var result = action(connection);
            NoteWalWritten(connection, changesBefore);
            return result;
        }
        catch (SqliteException exception)
        {
            throw new CodemateException($"The state database {_path} failed: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
