using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemate.State;

/// <summary>
/// How state is written to the store: stable names, enums as strings. Text is stored as UTF-8 as it came, not
/// escaped for embedding in HTML (nothing reads the store but Codemate): an issue full of non-ASCII text is not
/// stored at up to three times its size, and writing it skips the escaper's slow path. Long text skips the escaper
/// altogether (<see cref="StoredTextConverter"/>).
/// </summary>
internal static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new StoredTextConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
