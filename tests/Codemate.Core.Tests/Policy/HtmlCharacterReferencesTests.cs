using Codemate.Policy;

namespace Codemate.Core.Tests.Policy;

public sealed class HtmlCharacterReferencesTests
{
    [Theory]
    [InlineData("&#xE0041;", "\U000E0041")]
    [InlineData("&#XE0041;", "\U000E0041")]
    [InlineData("&#xe0041;", "\U000E0041")]
    [InlineData("&#917569;", "\U000E0041")]
    [InlineData("&#xE0041", "\U000E0041")]
    [InlineData("&#917569", "\U000E0041")]
    [InlineData("&#x200B;", "\u200B")]
    [InlineData("&#65;&#x42;C", "ABC")]
    [InlineData("&#0000065;", "A")]
    public void Numeric_references_decode_with_or_without_a_semicolon(string text, string expected) =>
        Assert.Equal(expected, HtmlCharacterReferences.Decode(text));

    [Theory]
    [InlineData("&#0;")]
    [InlineData("&#xD800;")]
    [InlineData("&#xDFFF;")]
    [InlineData("&#x110000;")]
    [InlineData("&#99999999999999999999;")]
    public void Numeric_references_to_no_character_become_the_replacement_character_as_in_a_browser(string text) =>
        Assert.Equal("\uFFFD", HtmlCharacterReferences.Decode(text));

    [Theory]
    [InlineData("&shy;", "\u00AD")]
    [InlineData("&shy", "\u00AD")]
    [InlineData("&shyness", "\u00ADness")]
    [InlineData("&zwnj;&zwj;&lrm;&rlm;", "\u200C\u200D\u200E\u200F")]
    [InlineData("&ZeroWidthSpace;&NegativeVeryThinSpace;&NegativeThinSpace;&NegativeMediumSpace;&NegativeThickSpace;", "\u200B\u200B\u200B\u200B\u200B")]
    [InlineData("&NoBreak;&af;&ApplyFunction;&it;&InvisibleTimes;&ic;&InvisibleComma;", "\u2060\u2061\u2061\u2062\u2062\u2063\u2063")]
    public void Named_references_to_invisible_characters_decode(string text, string expected) =>
        Assert.Equal(expected, HtmlCharacterReferences.Decode(text));

    [Theory]
    [InlineData("&lt;b&gt; &amp; &quot;x&quot; &apos;y&apos;", "<b> & \"x\" 'y'")]
    [InlineData("&copy; &mdash; &eacute;", "© — é")]
    public void Common_named_references_decode(string text, string expected) =>
        Assert.Equal(expected, HtmlCharacterReferences.Decode(text));

    [Theory]
    [InlineData("a & b")]
    [InlineData("AT&T")]
    [InlineData("&lt")]
    [InlineData("&nosuchname;")]
    [InlineData("&#;")]
    [InlineData("&#x;")]
    [InlineData("&#xG;")]
    [InlineData("&")]
    [InlineData("&&")]
    public void Text_that_is_no_reference_stays_as_written(string text) =>
        Assert.Equal(text, HtmlCharacterReferences.Decode(text));

    [Fact]
    public void Decoding_is_one_pass_so_an_escaped_ampersand_stays_a_visible_reference() =>
        Assert.Equal("&#xE0041; &lt;", HtmlCharacterReferences.Decode("&amp;#xE0041; &amp;lt;"));
}
