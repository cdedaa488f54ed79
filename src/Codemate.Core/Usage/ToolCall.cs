namespace Codemate.Usage;

/// <summary>One tool call: the tool and what it was called on (a shell command, a file, a pattern), shortened, secrets removed.</summary>
/// <param name="Tool">The tool's name (<c>Bash</c>, <c>Edit</c>, ...).</param>
/// <param name="Detail">What it was called on, when the tool's input says.</param>
public sealed record ToolCall(string Tool, string? Detail);
