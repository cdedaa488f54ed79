using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Codemate.State;

namespace Codemate.Core.Tests.State;

public sealed class StoredTextConverterTests
{
    // What state was written with before the converter: the same options without it.
    private static readonly JsonSerializerOptions WriterOnly = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Texts => new()
    {
        new string('a', StoredTextConverter.LongText),
        "\"quoted\" and \\back\\slashed\\ " + new string('x', StoredTextConverter.LongText),
        string.Concat(Enumerable.Range(0, 0x20).Select(c => $"{(char)c}|")) + "\u007F\u2028\u2029 end",
        "emoji 🙂 and an em dash — and CJK 日本語 " + new string('z', StoredTextConverter.LongText) + " 🙂",
        "ends with a control character " + new string('-', StoredTextConverter.LongText) + "\n",
        "\n\r\t\b\f" + new string('y', StoredTextConverter.LongText),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Long_text_reads_back_as_the_same_string(string text)
    {
        var json = JsonSerializer.Serialize(text, StateJson.Options);

        Assert.Equal(text, JsonSerializer.Deserialize<string>(json, StateJson.Options));
        Assert.Equal(text, JsonDocument.Parse(json).RootElement.GetString());
    }

    [Fact]
    public void Random_text_of_every_kind_reads_back_as_the_writer_alone_would_give_it()
    {
        var random = new Random(21);
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomText(random, random.Next(0, 300));
            var json = JsonSerializer.Serialize(text, StateJson.Options);

            // Equal to the writer's own result, so unpaired surrogates become U+FFFD here exactly as they did there.
            Assert.Equal(JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(text, WriterOnly)), JsonSerializer.Deserialize<string>(json, StateJson.Options));
        }
    }

    [Fact]
    public void Long_text_keeps_non_ascii_as_utf8_and_escapes_only_what_json_requires()
    {
        var text = "🙂 — \"x\"\n" + new string('a', StoredTextConverter.LongText) + "\u0001";

        var json = JsonSerializer.SerializeToUtf8Bytes(text, StateJson.Options);

        Assert.Equal("\"🙂 — \\\"x\\\"\\n" + new string('a', StoredTextConverter.LongText) + "\\u0001\"", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void An_unpaired_surrogate_in_long_text_is_stored_as_the_replacement_character()
    {
        var text = new string('a', StoredTextConverter.LongText) + "\uD800 alone";

        Assert.Equal(new string('a', StoredTextConverter.LongText) + "\uFFFD alone", JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(text, StateJson.Options), StateJson.Options));
    }

    [Fact]
    public void Text_in_lists_and_dictionary_keys_round_trips()
    {
        var value = new Dictionary<string, string[]>
        {
            ["key with \"quotes\" 🙂"] = ["short", new string('\n', StoredTextConverter.LongText * 2)],
        };

        var back = JsonSerializer.Deserialize<Dictionary<string, string[]>>(JsonSerializer.Serialize(value, StateJson.Options), StateJson.Options);

        Assert.Equal(value, back);
    }

    private static string RandomText(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0, 0x20),
                1 => "\"\\/"[random.Next(3)],
                2 => (char)random.Next(0xD800, 0xE000),   // a surrogate, paired only by chance
                3 => (char)random.Next(0x80, 0xD800),
                _ => (char)random.Next(0x20, 0x7F),
            });
        }

        return text.ToString();
    }
}
