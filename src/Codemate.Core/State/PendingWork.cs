using Codemate.Issues;

namespace Codemate.State;

/// <summary>Accepted work waiting in the durable queue.</summary>
/// <param name="Sequence">Its position in the queue; increases with every accepted event.</param>
/// <param name="Work">The event.</param>
public sealed record PendingWork(long Sequence, IssueWork Work)
{
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that accepted the work, when one was recorded, so running the work
    /// continues that trace, after a restart too. A store that keeps none leaves it <see langword="null"/>.
    /// </summary>
    public string? TraceParent { get; init; }
}
