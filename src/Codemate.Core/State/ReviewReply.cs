namespace Codemate.State;

/// <summary>
/// A review comment on Codemate's pull request that was handed to the agent, followed until Codemate has replied in its
/// thread once with the commits that followed it.
/// </summary>
/// <param name="CommentId">The review comment.</param>
/// <param name="ThreadId">The thread's first comment, which a reply must name (GitHub takes no replies to replies).</param>
/// <param name="PromptHash">The SHA-256 (hex) of the text queued for the agent, to know it when it is delivered.</param>
/// <param name="BaseCommit">The branch's head when the comment was queued: the commits after it followed the comment.</param>
/// <param name="State">How far it got.</param>
public sealed record ReviewReply(long CommentId, long ThreadId, string PromptHash, string? BaseCommit, ReviewReplyState State)
{
    /// <summary>The reply to post, recorded before it is posted (<see cref="ReviewReplyState.Posting"/>); cleared once posted.</summary>
    public string? Body { get; init; }

    /// <summary>The reply's id on GitHub, once posted (or found in the thread after a crash).</summary>
    public long? ReplyId { get; init; }

    /// <summary>How many times posting the reply failed; Codemate gives up after a few.</summary>
    public int PostAttempts { get; init; }
}

/// <summary>Where a <see cref="ReviewReply"/> stands.</summary>
public enum ReviewReplyState
{
    /// <summary>Queued for the agent; it has not received it yet.</summary>
    Queued,

    /// <summary>Typed into the agent; its next idle answers it.</summary>
    Delivered,

    /// <summary>Codemate replied in the thread (or gave up after repeated failures).</summary>
    Replied,

    /// <summary>
    /// The reply is recorded (<see cref="ReviewReply.Body"/>) and not known to be posted: posted at once, or after a crash
    /// by the next pass, which first looks for it in the thread.
    /// </summary>
    Posting,
}
