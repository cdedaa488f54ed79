using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemate.Issues;

/// <summary>Stores a <see cref="RepositoryName"/> as <c>owner/repo</c> and validates it again on the way back.</summary>
internal sealed class RepositoryNameJsonConverter : JsonConverter<RepositoryName>
{
    public override RepositoryName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RepositoryName.TryParse(reader.GetString(), out var repository, out var error)
            ? repository
            : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, RepositoryName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.FullName);
}
