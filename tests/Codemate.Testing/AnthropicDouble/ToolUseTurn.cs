using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>The model calls the tool <paramref name="Name"/> with <paramref name="Input"/> and waits for its result.</summary>
public sealed record ToolUseTurn(string Name, JsonObject Input) : ScriptedTurn;
