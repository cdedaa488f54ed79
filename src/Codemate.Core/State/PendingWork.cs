using Codemate.Issues;

namespace Codemate.State;

/// <summary>Accepted work waiting in the durable queue.</summary>
/// <param name="Sequence">Its position in the queue; increases with every accepted event.</param>
/// <param name="Work">The event.</param>
public sealed record PendingWork(long Sequence, IssueWork Work);
