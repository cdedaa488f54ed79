namespace Codemate.Testing.AnthropicDouble;

/// <summary>The model answers with <paramref name="Text"/> and ends its turn.</summary>
public sealed record TextTurn(string Text) : ScriptedTurn;
