using System.Globalization;
using Codemate.Issues;
using Codemate.Replicas;
using Npgsql;

namespace Codemate.State.Postgres;

/// <summary>
/// Replicas and who holds which issue (<see cref="PostgresIssueOwnership"/>). Each replica has a row in
/// <c>replicas</c> whose <c>heartbeat_at</c> it renews; an issue's holder is named in <c>issue_owners</c>, and holds it
/// only while its heartbeat is younger than the lease. Times are the database's (<c>now()</c>), so hosts whose clocks
/// disagree still agree on who is alive.
/// </summary>
internal sealed partial class PostgresStateStore
{
    private const string LiveReplica = "r.heartbeat_at > now() - make_interval(secs => $LEASE)";

    private string? _replicaId;

    /// <summary>
    /// Joins as a replica, or throws <see cref="StateDatabaseInUseException"/> when a live replica on another process
    /// already uses <paramref name="replicaId"/>. A row left by an earlier run of this replica (a crash, on this host) is
    /// taken over at once.
    /// </summary>
    public Task RegisterReplicaAsync(string replicaId, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            var holder = await ReadReplicaAsync(connection, replicaId, cancellationToken).ConfigureAwait(false);
            var previous = PreviousIncarnation(holder);
            using (var join = Command(
                connection,
                "INSERT INTO replicas AS r (id, host, pid, webhook, started_at, heartbeat_at) VALUES ($1, $2, $3, NULL, $4, now()) " +
                "ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, webhook = NULL, started_at = EXCLUDED.started_at, heartbeat_at = now() " +
                $"WHERE NOT ({LiveReplica}) OR (r.host = EXCLUDED.host AND r.pid = $5) RETURNING id",
                lease,
                replicaId, Environment.MachineName, Environment.ProcessId, Now(), previous))
            {
                if (await join.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    _replicaId = replicaId;
                    return true;
                }
            }

            var who = holder is { } row ? string.Create(CultureInfo.InvariantCulture, $"pid {row.Pid} on {row.Host}") : "it joined just now";
            throw new StateDatabaseInUseException(
                $"The {_description} already has a live replica named '{replicaId}' ({who}); give each replica its own {Configuration.EnvironmentVariables.ReplicaId}.",
                null,
                null);
        }, cancellationToken);

    /// <summary>
    /// The pid to treat as an earlier run of this replica on this host: the recorded one if that process is gone (a crash)
    /// or is this process (a container restarted with the same pid); otherwise none (-1).
    /// </summary>
    private static int PreviousIncarnation((string Host, int Pid)? holder) =>
        holder is { } row && row.Host == Environment.MachineName
            && (row.Pid == Environment.ProcessId || !Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{row.Pid}")))
            ? row.Pid
            : -1;

    private static async Task<(string Host, int Pid)?> ReadReplicaAsync(NpgsqlConnection connection, string replicaId, CancellationToken cancellationToken)
    {
        using var read = new NpgsqlCommand("SELECT host, pid FROM replicas WHERE id = $1", connection);
        read.Parameters.AddWithValue(replicaId);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetString(0), reader.GetInt32(1)) : null;
    }

    /// <summary>Says where this replica takes webhooks, so <c>codemate receive</c> on its host can hand events to it.</summary>
    public Task AdvertiseAsync(Uri webhook, CancellationToken cancellationToken) =>
        _replicaId is { } id
            ? ExecuteAsync("UPDATE replicas SET webhook = $2 WHERE id = $1", cancellationToken, id, webhook.ToString())
            : Task.CompletedTask;

    /// <summary>A live replica on this host that takes webhooks, if any: <c>codemate receive</c> sends its event there.</summary>
    public Task<StateOwner?> FindServingReplicaAsync(TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            using var command = Command(
                connection,
                $"SELECT pid, webhook FROM replicas r WHERE webhook IS NOT NULL AND host = $1 AND {LiveReplica} ORDER BY heartbeat_at DESC LIMIT 1",
                lease,
                Environment.MachineName);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new StateOwner(reader.GetInt32(0), new Uri(reader.GetString(1)))
                : null;
        }, cancellationToken);

    /// <summary>Renews this replica's heartbeat; a row that disappeared is written again.</summary>
    public Task HeartbeatAsync(string replicaId, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO replicas (id, host, pid, webhook, started_at, heartbeat_at) VALUES ($1, $2, $3, NULL, $4, now()) " +
            "ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()",
            cancellationToken,
            replicaId, Environment.MachineName, Environment.ProcessId, Now());

    public Task<bool> TryTakeIssueAsync(string replicaId, IssueKey issue, TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync(async connection =>
        {
            // One statement: of replicas racing for an expired holder's issue, the row lock lets one win and the others
            // re-check the condition against the winner, who is alive.
            using var command = Command(
                connection,
                "INSERT INTO issue_owners AS o (issue, replica, since) VALUES ($1, $2, $3) " +
                "ON CONFLICT (issue) DO UPDATE SET replica = EXCLUDED.replica, since = CASE WHEN o.replica = EXCLUDED.replica THEN o.since ELSE EXCLUDED.since END " +
                $"WHERE o.replica = EXCLUDED.replica OR NOT EXISTS (SELECT 1 FROM replicas r WHERE r.id = o.replica AND {LiveReplica}) RETURNING replica",
                lease,
                issue.ToString(), replicaId, Now());
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }, cancellationToken);

    public Task ReleaseIssueAsync(string replicaId, IssueKey issue, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM issue_owners WHERE issue = $1 AND replica = $2", cancellationToken, issue.ToString(), replicaId);

    public Task<IReadOnlyDictionary<IssueKey, string>> ReadIssueOwnersAsync(TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyDictionary<IssueKey, string>>(async connection =>
        {
            using var command = Command(connection, $"SELECT o.issue, o.replica FROM issue_owners o JOIN replicas r ON r.id = o.replica WHERE {LiveReplica}", lease);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var owners = new Dictionary<IssueKey, string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (IssueKey.TryParse(reader.GetString(0), out var issue))
                {
                    owners[issue] = reader.GetString(1);
                }
            }

            return owners;
        }, cancellationToken);

    public Task<IReadOnlyList<Orphan>> ReadOrphansAsync(TimeSpan lease, CancellationToken cancellationToken) =>
        WithConnectionAsync<IReadOnlyList<Orphan>>(async connection =>
        {
            using var command = Command(
                connection,
                "SELECT s.issue, o.replica FROM sessions s LEFT JOIN issue_owners o ON o.issue = s.issue " +
                $"WHERE s.state IN ('{nameof(SessionState.Running)}', '{nameof(SessionState.Preparing)}') " +
                $"AND NOT EXISTS (SELECT 1 FROM replicas r WHERE r.id = o.replica AND {LiveReplica}) ORDER BY s.created_at, s.issue",
                lease);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var orphans = new List<Orphan>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (IssueKey.TryParse(reader.GetString(0), out var issue))
                {
                    orphans.Add(new Orphan(issue, reader.IsDBNull(1) ? null : reader.GetString(1)));
                }
            }

            return orphans;
        }, cancellationToken);

    /// <summary>
    /// Leaves at a graceful stop: the heartbeat ends now, so this replica's issues may be taken at once (its agents keep
    /// running in tmux; this host adopts them if it comes back first).
    /// </summary>
    private async Task LeaveAsync()
    {
        if (Interlocked.Exchange(ref _replicaId, null) is not { } id)
        {
            return;
        }

        try
        {
            await ExecuteAsync("UPDATE replicas SET heartbeat_at = '-infinity', webhook = NULL WHERE id = $1", CancellationToken.None, id).ConfigureAwait(false);
        }
        catch (CodemateException)
        {
            // Then the lease expires on its own.
        }
    }

    /// <summary>The channel every insert into the work queue notifies.</summary>
    internal const string WorkChannel = "codemate_work";

    /// <summary>
    /// Calls <paramref name="notified"/> whenever any replica queued work, until the connection fails (it throws) or
    /// <paramref name="cancellationToken"/> ends it.
    /// </summary>
    public async Task ListenForWorkAsync(Action notified, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_listenConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await Guard(async () =>
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, _) => notified();
                await ExecuteAsync(connection, "LISTEN " + WorkChannel, cancellationToken).ConfigureAwait(false);
                // Work queued before LISTEN took effect is found by this first read.
                notified();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
    }

    /// <summary>A command whose <c>$LEASE</c> is the lease in seconds and whose other parameters are positional.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, TimeSpan lease, params object[] parameters)
    {
        var command = new NpgsqlCommand(sql.Replace("$LEASE", "$" + (parameters.Length + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }

        command.Parameters.AddWithValue(lease.TotalSeconds);
        return command;
    }
}
