using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State.Postgres;
using Microsoft.Extensions.Options;

namespace Codemate.Replicas;

/// <summary>
/// Replicas sharing one PostgreSQL database: an issue is held by the replica named in its <c>issue_owners</c> row while
/// that replica's heartbeat is younger than <see cref="CodemateOptions.LeaseDuration"/> on the database's clock (so the
/// hosts' clocks never matter); an expired holder's issues may be taken, each by one replica.
/// </summary>
internal sealed class PostgresIssueOwnership(PostgresStateStore store, IOptions<CodemateOptions> options) : IIssueOwnership
{
    private TimeSpan Lease => options.Value.LeaseDuration;

    public string ReplicaId { get; } = options.Value.ResolvedReplicaId;

    public bool Shared => true;

    public async ValueTask<bool> TryTakeAsync(IssueKey issue, CancellationToken cancellationToken) =>
        await store.TryTakeIssueAsync(ReplicaId, issue, Lease, cancellationToken).ConfigureAwait(false);

    public async ValueTask ReleaseAsync(IssueKey issue, CancellationToken cancellationToken) =>
        await store.ReleaseIssueAsync(ReplicaId, issue, cancellationToken).ConfigureAwait(false);

    public async ValueTask<OwnershipSnapshot> SnapshotAsync(CancellationToken cancellationToken) =>
        OwnershipSnapshot.Shared(ReplicaId, await store.ReadIssueOwnersAsync(Lease, cancellationToken).ConfigureAwait(false));

    public Task HeartbeatAsync(CancellationToken cancellationToken) => store.HeartbeatAsync(ReplicaId, cancellationToken);

    public Task<IReadOnlyList<Orphan>> OrphansAsync(CancellationToken cancellationToken) => store.ReadOrphansAsync(Lease, cancellationToken);
}
