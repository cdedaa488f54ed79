namespace Codemate.State;

/// <summary>
/// Accepted work that failed every attempt (or could not even be read back) and was set aside instead of being
/// dropped. It stays until <c>/codemate retry</c> on its issue queues it again.
/// </summary>
/// <param name="Sequence">Its position in the queue when it was accepted.</param>
/// <param name="Issue">The issue it is about, <c>owner/repo#N</c>, as it was queued.</param>
/// <param name="Kind">What it was (<c>IssueCommentCreated</c>, ...), or <c>unreadable</c> when the stored work could not be read.</param>
/// <param name="DeliveryId">The delivery that carried it, when known.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="Reason">Why it was parked: a short reason, never an exception's text.</param>
/// <param name="ParkedAt">When it was parked.</param>
public sealed record ParkedWork(long Sequence, string Issue, string Kind, string? DeliveryId, int Attempts, string Reason, DateTimeOffset ParkedAt)
{
    /// <summary>The <see cref="Kind"/> of work whose stored form could not be read back.</summary>
    public const string Unreadable = "unreadable";
}
