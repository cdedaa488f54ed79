namespace Codemate.Policy;

/// <summary>What <see cref="ITriggerPolicy"/> decided about one event, with a reason a person can read.</summary>
/// <param name="Outcome">Allowed, or why not.</param>
/// <param name="Reason">For example <c>alice has read permission on o/r; write is required</c>. Never contains a secret.</param>
public sealed record PolicyDecision(PolicyOutcome Outcome, string Reason)
{
    /// <summary>Whether the event may drive the agent.</summary>
    public bool IsAllowed => Outcome == PolicyOutcome.Allowed;

    /// <summary>An allowing decision.</summary>
    public static PolicyDecision Allow(string reason) => new(PolicyOutcome.Allowed, reason);

    /// <summary>A denying decision; <paramref name="outcome"/> must not be <see cref="PolicyOutcome.Allowed"/>.</summary>
    public static PolicyDecision Deny(PolicyOutcome outcome, string reason) =>
        outcome == PolicyOutcome.Allowed
            ? throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A denial needs a denying outcome.")
            : new(outcome, reason);
}
