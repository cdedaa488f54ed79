using Codemate.Issues;

namespace Codemate.Replicas;

/// <summary>Who held which issue when it was read; a sole replica holds everything.</summary>
internal sealed class OwnershipSnapshot
{
    private readonly IReadOnlyDictionary<IssueKey, string>? _owners;

    private OwnershipSnapshot(string replicaId, IReadOnlyDictionary<IssueKey, string>? owners)
    {
        ReplicaId = replicaId;
        _owners = owners;
    }

    /// <summary>This replica's id.</summary>
    public string ReplicaId { get; }

    /// <summary>One replica runs everything.</summary>
    public static OwnershipSnapshot Sole(string replicaId) => new(replicaId, null);

    /// <summary>The live holders of issues, as read from the shared state.</summary>
    public static OwnershipSnapshot Shared(string replicaId, IReadOnlyDictionary<IssueKey, string> owners) => new(replicaId, owners);

    /// <summary>Whether this replica runs the issue: its session, if any, lives here.</summary>
    public bool IsHere(IssueKey issue) =>
        _owners is null || (_owners.TryGetValue(issue, out var owner) && string.Equals(owner, ReplicaId, StringComparison.Ordinal));

    /// <summary>The live replica holding the issue; <see langword="null"/> when none does, or there is only one.</summary>
    public string? OwnerOf(IssueKey issue) => _owners?.GetValueOrDefault(issue);

    /// <summary>Another live replica holds the issue.</summary>
    public bool IsElsewhere(IssueKey issue) => OwnerOf(issue) is { } owner && !string.Equals(owner, ReplicaId, StringComparison.Ordinal);
}
