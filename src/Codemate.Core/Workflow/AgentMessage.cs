namespace Codemate.Workflow;

/// <summary>
/// Text for the agent with the key that makes queueing it once-only: the same key is never queued twice, even after
/// the text was delivered (a redelivered event, or one failure reported by two events).
/// </summary>
/// <param name="Key">The once-only key.</param>
/// <param name="Text">The prompt.</param>
/// <param name="Feedback">What kind of pull request feedback it carries, if any: the status comment counts it until answered.</param>
internal readonly record struct AgentMessage(string Key, string Text, State.FeedbackKind? Feedback = null);
