using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemate.State;

/// <summary>How state is written to the store: stable names, enums as strings.</summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
