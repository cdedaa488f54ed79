namespace Codemate.State;

/// <summary>
/// Feedback on Codemate's pull request handed to the agent and not answered yet: queued for it, or typed in and waiting
/// for the end of the turn it started. The status comment counts these.
/// </summary>
/// <param name="Key">The once-only key it was queued under (<c>review-comment:ID</c>, <c>ci:JOB</c>, ...).</param>
/// <param name="Kind">What kind of feedback it is.</param>
/// <param name="PromptHash">The SHA-256 (hex) of the text queued for the agent, to know it when it is delivered.</param>
/// <param name="Delivered">Whether it was typed into the agent; the agent's next idle after that answers it.</param>
public sealed record WaitingFeedback(string Key, FeedbackKind Kind, string PromptHash, bool Delivered);

/// <summary>The kinds of feedback on Codemate's pull request that reach the agent.</summary>
public enum FeedbackKind
{
    /// <summary>A conversation comment on the pull request.</summary>
    Comment,

    /// <summary>A review comment on a line of the diff.</summary>
    ReviewComment,

    /// <summary>A review with a body (changes requested, or commented).</summary>
    Review,

    /// <summary>A failed check on the pull request's head.</summary>
    FailedCheck,
}
