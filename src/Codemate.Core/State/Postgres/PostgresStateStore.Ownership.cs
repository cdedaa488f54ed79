using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>
/// One owner per database, as for the SQLite file: the process that runs work holds a session-level advisory lock on a
/// connection of its own for its lifetime (PostgreSQL drops it when that connection ends, however the process ends),
/// and says who it is in the <c>owner</c> row, so <c>codemate receive</c> can hand an event to it.
/// </summary>
internal sealed partial class PostgresStateStore
{
    private readonly SemaphoreSlim _ownerGate = new(1, 1);
    private NpgsqlConnection? _ownerConnection;

    /// <summary>Takes the lock, or throws <see cref="StateDatabaseInUseException"/> naming the database when another process holds it.</summary>
    public Task AcquireOwnershipAsync(CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _ownerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_ownerConnection is not null)
                {
                    return;
                }

                var connection = new NpgsqlConnection(_ownerConnectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection))
                {
                    take.Parameters.AddWithValue(OwnerLock);
                    if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        var owner = await ReadOwnerAsync(cancellationToken).ConfigureAwait(false);
                        var who = owner is null ? "another Codemate process" : $"another Codemate process (pid {owner.ProcessId})";
                        throw new StateDatabaseInUseException(
                            $"The {_description} is in use by {who}; one process runs its work. Stop that one, or set {Configuration.EnvironmentVariables.DatabaseUrl} to another database.",
                            owner,
                            null);
                    }
                }

                _ownerConnection = connection;
                await WriteOwnerAsync(connection, webhook: null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _ownerGate.Release();
            }
        });

    /// <summary>Says where this process takes webhooks, so <c>codemate receive</c> can hand events to it.</summary>
    public Task AdvertiseAsync(Uri webhook, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _ownerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_ownerConnection is { } connection)
                {
                    await WriteOwnerAsync(connection, webhook, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _ownerGate.Release();
            }
        });

    /// <summary>What the owner wrote about itself, if anything.</summary>
    public Task<StateOwner?> ReadOwnerAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            using var command = new NpgsqlCommand("SELECT pid, webhook FROM owner WHERE id = 1", connection);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StateOwner(reader.GetInt32(0), reader.IsDBNull(1) ? null : new Uri(reader.GetString(1)))
                : null;
        }, cancellationToken);

    private static async Task WriteOwnerAsync(NpgsqlConnection connection, Uri? webhook, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO owner (id, pid, host, webhook) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET pid = EXCLUDED.pid, host = EXCLUDED.host, webhook = EXCLUDED.webhook",
            connection);
        command.Parameters.AddWithValue(Environment.ProcessId);
        command.Parameters.AddWithValue(Environment.MachineName);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)webhook?.ToString() ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseOwnershipAsync()
    {
        await _ownerGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ownerConnection is not { } connection)
            {
                return;
            }

            _ownerConnection = null;
            try
            {
                await ExecuteAsync(connection, "DELETE FROM owner WHERE id = 1 AND pid = $1", CancellationToken.None, Environment.ProcessId).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // The lock goes with the connection either way; the row is only a convenience.
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _ownerGate.Release();
        }
    }
}
