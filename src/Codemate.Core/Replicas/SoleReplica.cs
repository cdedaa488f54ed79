using Codemate.Issues;

namespace Codemate.Replicas;

/// <summary>The one process on its state database (SQLite, whose file has one owner): it holds every issue.</summary>
internal sealed class SoleReplica(string replicaId) : IIssueOwnership
{
    private readonly OwnershipSnapshot _snapshot = OwnershipSnapshot.Sole(replicaId);

    /// <summary>For components made without a container (tests), where there is nothing to share.</summary>
    public static SoleReplica Instance { get; } = new("local");

    public string ReplicaId { get; } = replicaId;

    public bool Shared => false;

    public ValueTask<bool> TryTakeAsync(IssueKey issue, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public ValueTask ReleaseAsync(IssueKey issue, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<OwnershipSnapshot> SnapshotAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_snapshot);

    public Task HeartbeatAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<Orphan>> OrphansAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Orphan>>([]);
}
