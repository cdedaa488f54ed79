using Codemate.Issues;

namespace Codemate.State;

/// <summary>Text waiting to be pasted into an issue's agent, oldest first.</summary>
/// <param name="Sequence">Its position in the queue.</param>
/// <param name="Issue">The issue whose agent receives it.</param>
/// <param name="Text">The prompt, already formatted.</param>
/// <param name="EnqueuedAt">When it was queued.</param>
/// <param name="Attempted">
/// Codemate began typing it before and never recorded the end (it crashed, or the paste failed): the agent may have it.
/// </param>
public sealed record QueuedMessage(long Sequence, IssueKey Issue, string Text, DateTimeOffset EnqueuedAt, bool Attempted = false);
