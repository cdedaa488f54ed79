namespace Codemate.Policy;

/// <summary>What <see cref="FloodGuard.TryForward"/> decided about one comment.</summary>
/// <param name="IsAllowed">Whether the comment may be forwarded; it has been counted if so.</param>
/// <param name="Forwarded">Comments forwarded to the issue in the last hour, this one included when allowed.</param>
/// <param name="Limit">The configured limit per hour.</param>
/// <param name="RetryAfter">When refused: how long until the next comment can be forwarded.</param>
/// <param name="DroppedInARow">When refused: comments dropped since the last one forwarded, this one included.</param>
internal readonly record struct FloodCheck(bool IsAllowed, int Forwarded, int Limit, TimeSpan RetryAfter, int DroppedInARow)
{
    /// <summary>True for the first refusal in a run, the moment to tell the user once that comments are being dropped.</summary>
    public bool IsFirstDropInWindow => !IsAllowed && DroppedInARow == 1;

    /// <summary>A sentence for the issue thread, for example when replying to the first dropped comment.</summary>
    public string Describe() => IsAllowed
        ? $"Forwarded ({Forwarded} of {Limit} this hour)."
        : $"This issue has had {Forwarded} comments forwarded to the agent in the last hour, the limit is {Limit}; "
          + $"further comments are not delivered for about {Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes))} minutes.";
}
