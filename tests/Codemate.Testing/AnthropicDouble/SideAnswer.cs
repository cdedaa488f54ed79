using System.Text.Json.Nodes;

namespace Codemate.Testing.AnthropicDouble;

/// <summary>
/// A harmless answer to a side request: when it asks for structured output (the session title does), a JSON object
/// that fits the schema's top-level properties; otherwise a short text.
/// </summary>
internal static class SideAnswer
{
    public const string Text = "Codemate test session";

    public static ScriptedTurn For(JsonNode? body)
    {
        if (body?["output_config"]?["format"]?["schema"]?["properties"] is not JsonObject properties)
        {
            return ScriptedTurn.Reply(Text);
        }

        var answer = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            answer[name] = (schema?["type"] is JsonValue type && type.TryGetValue<string>(out var name_) ? name_ : null) switch
            {
                "string" => Text,
                "boolean" => false,
                "number" or "integer" => 0,
                "array" => new JsonArray(),
                "object" => new JsonObject(),
                _ => null,
            };
        }

        return ScriptedTurn.Reply(answer.ToJsonString());
    }
}
