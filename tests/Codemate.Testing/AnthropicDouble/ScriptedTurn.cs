using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>One answer of the main conversation's model, as a test scripts it.</summary>
public abstract record ScriptedTurn
{
    /// <summary>A plain text reply; the turn ends (<c>stop_reason: end_turn</c>).</summary>
    public static ScriptedTurn Reply(string text) => new TextTurn(text);

    /// <summary>
    /// A call of Claude Code's <c>Bash</c> tool (<c>stop_reason: tool_use</c>): Claude Code runs
    /// <paramref name="command"/> and sends the output back as a <c>tool_result</c>, which the next turn answers.
    /// </summary>
    public static ScriptedTurn Bash(string command, string description = "Run a scripted command") =>
        new ToolUseTurn("Bash", new JsonObject { ["command"] = command, ["description"] = description });

    /// <summary>A call of any tool Claude Code offers, with <paramref name="input"/> as its arguments.</summary>
    public static ScriptedTurn ToolUse(string name, JsonObject input) => new ToolUseTurn(name, input);
}
