namespace Codemate.Usage;

/// <summary>One prompt the agent was given and the tools it called answering it.</summary>
/// <param name="At">When the prompt reached it, as its transcript says.</param>
/// <param name="Prompt">The prompt's first line, shortened, secrets removed.</param>
/// <param name="ToolCalls">The tools called, in order.</param>
public sealed record TranscriptTurn(DateTimeOffset? At, string Prompt, IReadOnlyList<ToolCall> ToolCalls);
