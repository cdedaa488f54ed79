using Codemate.Native;
using Microsoft.Data.Sqlite;

namespace Codemate.State;

internal sealed partial class SqliteStateStore
{
    /// <summary>The page size of a database this store creates; SQLite's default is 4096.</summary>
    internal const int PageSize = 8192;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS work (seq INTEGER PRIMARY KEY AUTOINCREMENT, issue TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS sessions (issue TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, issue TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS messages_issue ON messages (issue, seq);
        CREATE TABLE IF NOT EXISTS message_keys (key TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dead_letters (seq INTEGER PRIMARY KEY, issue TEXT NOT NULL, payload BLOB NOT NULL, kind TEXT NOT NULL, delivery_id TEXT, attempts INTEGER NOT NULL, reason TEXT NOT NULL, created_at INTEGER NOT NULL, parked_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS dead_letters_issue ON dead_letters (issue, seq);
        """;

    // Opening is lazy so a host can be built without touching the disk; the first use (normally
    // InitializeAsync at startup) either yields a healthy, migrated database or a clear error.
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return _connection;
        }

        PrivateFiles.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        // SQLite gives the -wal and -shm files the database file's mode, so 0600 here keeps all three private.
        PrivateFiles.CreateEmptyFile(_path);
        var connection = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWriteCreate));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var command = connection.CreateCommand())
            {
                // busy_timeout makes a briefly locked file wait; a file locked for longer fails startup clearly.
                // page_size first: it only takes effect on a new, empty file (existing databases keep theirs). An
                // accepted delivery's work (a whole comment or issue, several KB) then mostly fits one page instead of
                // spilling into overflow pages, each of which the WAL writes, and the checkpoint copies, separately.
                command.CommandText = $"PRAGMA page_size = {PageSize}; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; " +
                    $"PRAGMA wal_autocheckpoint = {BackstopFrames};";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var version = connection.CreateCommand())
            {
                version.CommandText = "PRAGMA user_version";
                var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                if (current > SchemaVersion)
                {
                    throw new CodemateException($"The state database {_path} was written by a newer Codemate (schema {current}); upgrade Codemate or point {Configuration.EnvironmentVariables.StatePath} elsewhere.");
                }
            }

            using (var migrate = connection.CreateCommand())
            {
                migrate.CommandText = Schema;
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await KeyDeliveriesByIdAsync(connection, cancellationToken).ConfigureAwait(false);

            await AddSessionNamesAsync(connection, cancellationToken).ConfigureAwait(false);
            if (!await HasColumnAsync(connection, "messages", "attempted", cancellationToken).ConfigureAwait(false))
            {
                // Schema 4: whether typing a message began, so a crash mid-delivery is told apart from a new message.
                using var attempted = connection.CreateCommand();
                attempted.CommandText = "ALTER TABLE messages ADD COLUMN attempted INTEGER NOT NULL DEFAULT 0";
                await attempted.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!await HasColumnAsync(connection, "work", "traceparent", cancellationToken).ConfigureAwait(false))
            {
                // Schema 6: the trace context of the span that accepted the work, so running it continues that trace.
                using var traceParent = connection.CreateCommand();
                traceParent.CommandText = "ALTER TABLE work ADD COLUMN traceparent TEXT";
                await traceParent.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var version = connection.CreateCommand())
            {
                version.CommandText = $"PRAGMA user_version = {SchemaVersion};";
                await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new CodemateException(Describe(exception), exception);
        }

        _connection = connection;
        StartCheckpoints();
        return connection;
    }

    /// <summary>
    /// Schema 3: each record's session name in a column with a unique index, so no two issues share a tmux session
    /// whatever writes the records. Names the records of older versions share (the collisions this prevents) are
    /// kept by the oldest record only; the others get a name of their own when they next start.
    /// </summary>
    private static async Task AddSessionNamesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (await HasColumnAsync(connection, "sessions", "name", cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        using var migrate = connection.CreateCommand();
        migrate.CommandText = """
            BEGIN IMMEDIATE;
            ALTER TABLE sessions ADD COLUMN name TEXT;
            UPDATE sessions SET name = json_extract(data, '$.sessionName')
                WHERE rowid IN (SELECT MIN(rowid) FROM sessions GROUP BY json_extract(data, '$.sessionName'));
            CREATE UNIQUE INDEX sessions_name ON sessions (name);
            COMMIT;
            """;
        await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Schema 8: delivery ids in one B-tree keyed by the id, not a rowid table with an index on the id and another on the
    /// time. Every accepted delivery inserts one, so under load the two indexes were two more pages in every commit and
    /// two more inserts per delivery (benchmarks/). The hourly prune reads the whole table instead; it holds a week of ids.
    /// </summary>
    private static async Task KeyDeliveriesByIdAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using (var probe = connection.CreateCommand())
        {
            probe.CommandText = "SELECT COUNT(*) FROM pragma_table_list WHERE name = 'deliveries' AND wr = 0";
            if (Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }
        }

        using var migrate = connection.CreateCommand();
        migrate.CommandText = """
            BEGIN IMMEDIATE;
            CREATE TABLE deliveries_by_id (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO deliveries_by_id (id, received_at) SELECT id, received_at FROM deliveries;
            DROP TABLE deliveries;
            ALTER TABLE deliveries_by_id RENAME TO deliveries;
            COMMIT;
            """;
        await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        probe.Parameters.AddWithValue("$table", table);
        probe.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    // No pooling: the store keeps its one connection open, and the checkpointer's second one must really close.
    private string ConnectionString(SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = _path,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 5,
    }.ToString();

    private string Describe(SqliteException exception) => exception.SqliteErrorCode switch
    {
        26 => $"The state database {_path} is not a SQLite database (corrupt or another file). It was left untouched; move it away or set {Configuration.EnvironmentVariables.StatePath} to another path.",
        11 => $"The state database {_path} is corrupt ({exception.Message}). It was left untouched; restore a backup or move it away.",
        5 or 6 => $"The state database {_path} is locked by another process (is another Codemate server running on it?). Nothing was changed.",
        _ => $"The state database {_path} could not be opened: {exception.Message}",
    };
}
