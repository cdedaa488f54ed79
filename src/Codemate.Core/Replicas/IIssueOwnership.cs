using Codemate.Issues;

namespace Codemate.Replicas;

/// <summary>
/// Which replica runs each issue's work and agent. With one process per state database (SQLite) that is always this
/// one (<see cref="SoleReplica"/>); replicas sharing a PostgreSQL database hold issues by a lease that lives as long
/// as the holder's heartbeat (<see cref="PostgresIssueOwnership"/>), so one replica at a time runs an issue, in order.
/// </summary>
internal interface IIssueOwnership
{
    /// <summary>This replica's id.</summary>
    string ReplicaId { get; }

    /// <summary>Several replicas may share the state: another one may hold an issue, and take a silent one's issues.</summary>
    bool Shared { get; }

    /// <summary>Holds the issue for this replica unless another live replica holds it.</summary>
    /// <returns>Whether this replica holds it now.</returns>
    ValueTask<bool> TryTakeAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>Lets the issue go, if this replica holds it: any replica may run its next work.</summary>
    ValueTask ReleaseAsync(IssueKey issue, CancellationToken cancellationToken);

    /// <summary>Who holds which issue now (live holders only).</summary>
    ValueTask<OwnershipSnapshot> SnapshotAsync(CancellationToken cancellationToken);

    /// <summary>Renews this replica's lease on everything it holds.</summary>
    Task HeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>Issues whose session is preparing or running while no live replica holds them: their holder went silent.</summary>
    Task<IReadOnlyList<Orphan>> OrphansAsync(CancellationToken cancellationToken);
}

/// <summary>An issue whose session lost its replica.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="LastReplica">The replica that held it, if any is recorded.</param>
internal sealed record Orphan(IssueKey Issue, string? LastReplica);
