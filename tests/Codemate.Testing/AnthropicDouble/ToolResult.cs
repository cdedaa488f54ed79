namespace Codemate.Testing.AnthropicDouble;

/// <summary>A <c>tool_result</c> block: what Claude Code reports back after running a tool the model called.</summary>
public sealed record ToolResult(string ToolUseId, string Content, bool IsError);
