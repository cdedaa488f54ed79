using Npgsql;

namespace Codemate.State.Postgres;

internal sealed partial class PostgresStateStore
{
    // Versioned migrations, applied in order, each in its own transaction with its version recorded. A migration is
    // never edited once released: a change is a new one at the end.
    private static readonly string[] Migrations =
    [
        // 1: the same tables as the SQLite store's schema 6.
        """
        CREATE TABLE deliveries (id TEXT PRIMARY KEY, received_at BIGINT NOT NULL);
        CREATE INDEX deliveries_received_at ON deliveries (received_at);
        CREATE TABLE work (seq BIGSERIAL PRIMARY KEY, issue TEXT NOT NULL, payload BYTEA NOT NULL, created_at BIGINT NOT NULL, traceparent TEXT);
        CREATE TABLE sessions (issue TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL, created_at BIGINT NOT NULL, name TEXT NOT NULL);
        CREATE UNIQUE INDEX sessions_name ON sessions (name);
        CREATE TABLE messages (seq BIGSERIAL PRIMARY KEY, issue TEXT NOT NULL, text TEXT NOT NULL, created_at BIGINT NOT NULL, attempted BOOLEAN NOT NULL DEFAULT FALSE);
        CREATE INDEX messages_issue ON messages (issue, seq);
        CREATE TABLE message_keys (key TEXT PRIMARY KEY, created_at BIGINT NOT NULL);
        CREATE TABLE dead_letters (seq BIGINT PRIMARY KEY, issue TEXT NOT NULL, payload BYTEA NOT NULL, kind TEXT NOT NULL, delivery_id TEXT, attempts INTEGER NOT NULL, reason TEXT NOT NULL, created_at BIGINT NOT NULL, parked_at BIGINT NOT NULL);
        CREATE INDEX dead_letters_issue ON dead_letters (issue, seq);
        CREATE TABLE owner (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL, webhook TEXT);
        """,
        // 2: several replicas on one database, each holding its issues by a lease its heartbeat renews.
        """
        DROP TABLE owner;
        CREATE TABLE replicas (id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, webhook TEXT, started_at BIGINT NOT NULL, heartbeat_at TIMESTAMPTZ NOT NULL);
        CREATE TABLE issue_owners (issue TEXT PRIMARY KEY, replica TEXT NOT NULL, since BIGINT NOT NULL);
        CREATE INDEX issue_owners_replica ON issue_owners (replica);
        """,
    ];

    /// <summary>The newest schema this version knows.</summary>
    internal static int SchemaVersion => Migrations.Length;

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Two processes starting together on an empty database take turns; the second finds the work done.
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", cancellationToken, MigrationLock).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS codemate_schema (version INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
            using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM codemate_schema", connection))
            {
                var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                if (current > SchemaVersion)
                {
                    throw new CodemateException(
                        $"The {_description} was written by a newer Codemate (schema {current}; this one knows up to {SchemaVersion}). " +
                        $"Upgrade Codemate, or point {Configuration.EnvironmentVariables.DatabaseUrl} at another database.");
                }

                for (var version = current + 1; version <= SchemaVersion; version++)
                {
                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using var disposeTransaction = transaction.ConfigureAwait(false);
                    using (var migrate = new NpgsqlCommand(Migrations[version - 1], connection, transaction))
                    {
                        await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using (var record = new NpgsqlCommand("INSERT INTO codemate_schema (version) VALUES ($1)", connection, transaction))
                    {
                        record.Parameters.AddWithValue(version);
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, MigrationLock).ConfigureAwait(false);
        }
    }
}
