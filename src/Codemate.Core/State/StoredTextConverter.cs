using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Codemate.State;

/// <summary>
/// Writes long text into stored JSON with JSON's own escapes only: control characters, the quote and the backslash.
/// The writer's encoder (<see cref="StateJson"/>) escapes more, character by character once it has met the first one
/// (a newline, in any comment), and turned out to be the largest single cost of recording an accepted comment
/// (benchmarks/). Here the text is transcoded to UTF-8 in one vectorised pass and only the bytes JSON requires are
/// escaped; what reads it back gets the same string as before. Short text goes through the writer as before.
/// </summary>
/// <remarks>
/// As with the writer's encoder, an unpaired surrogate is stored as U+FFFD: it has no UTF-8 form.
/// </remarks>
internal sealed class StoredTextConverter : JsonConverter<string>
{
    /// <summary>Shorter text is written by <see cref="Utf8JsonWriter.WriteStringValue(string)"/>.</summary>
    internal const int LongText = 64;

    private static readonly SearchValues<byte> MustEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length < LongText)
        {
            writer.WriteStringValue(value);
            return;
        }

        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            // The buffer holds the longest possible result, so this always converts all of it.
            Utf8.FromUtf16(value, utf8, out _, out var length, replaceInvalidSequences: true);
            var text = utf8.AsSpan(0, length);
            var json = ArrayPool<byte>.Shared.Rent(EscapedLength(text) + 2);
            try
            {
                var written = WriteQuoted(text, json);
                writer.WriteRawValue(json.AsSpan(0, written), skipInputValidation: true);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(json);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static int EscapedLength(ReadOnlySpan<byte> text)
    {
        var length = text.Length;
        int next;
        while ((next = text.IndexOfAny(MustEscape)) >= 0)
        {
            length += ShortEscape(text[next]) != 0 ? 1 : 5;
            text = text[(next + 1)..];
        }

        return length;
    }

    /// <summary>Writes <paramref name="text"/> as a JSON string literal into <paramref name="destination"/>; returns its length.</summary>
    private static int WriteQuoted(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        var at = 1;
        int next;
        while ((next = text.IndexOfAny(MustEscape)) >= 0)
        {
            text[..next].CopyTo(destination[at..]);
            at += next;
            var b = text[next];
            destination[at++] = (byte)'\\';
            if (ShortEscape(b) is var letter and not 0)
            {
                destination[at++] = letter;
            }
            else
            {
                // \u00XX, upper-case as the writer's encoder writes it.
                "u00"u8.CopyTo(destination[at..]);
                destination[at + 3] = (byte)"0123456789ABCDEF"[b >> 4];
                destination[at + 4] = (byte)"0123456789ABCDEF"[b & 0xF];
                at += 5;
            }

            text = text[(next + 1)..];
        }

        text.CopyTo(destination[at..]);
        at += text.Length;
        destination[at++] = (byte)'"';
        return at;
    }

    /// <summary>The letter after the backslash for bytes JSON gives a two-character escape; 0 for the rest.</summary>
    private static byte ShortEscape(byte b) => b switch
    {
        (byte)'"' => (byte)'"',
        (byte)'\\' => (byte)'\\',
        (byte)'\n' => (byte)'n',
        (byte)'\r' => (byte)'r',
        (byte)'\t' => (byte)'t',
        (byte)'\b' => (byte)'b',
        (byte)'\f' => (byte)'f',
        _ => 0,
    };
}
