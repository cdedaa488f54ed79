namespace Codemate.Workflow;

/// <summary>
/// Text for the agent with the key that makes queueing it once-only: the same key is never queued twice, even after
/// the text was delivered (a redelivered event, or one failure reported by two events).
/// </summary>
internal readonly record struct AgentMessage(string Key, string Text);
