using Codemate.Policy;

namespace Codemate.Core.Tests.Policy;

public sealed class DefaultIgnorableCodePointsTests
{
    [Theory]
    [InlineData(0x00AD)] // soft hyphen
    [InlineData(0x034F)] // combining grapheme joiner
    [InlineData(0x061C)] // Arabic letter mark
    [InlineData(0x115F)] // Hangul choseong filler
    [InlineData(0x1160)] // Hangul jungseong filler
    [InlineData(0x17B4)] // Khmer vowel inherent aq
    [InlineData(0x180B)] // Mongolian free variation selector one
    [InlineData(0x180D)] // Mongolian free variation selector three
    [InlineData(0x180E)] // Mongolian vowel separator
    [InlineData(0x180F)] // Mongolian free variation selector four
    [InlineData(0x200B)] // zero-width space
    [InlineData(0x202E)] // right-to-left override
    [InlineData(0x2060)] // word joiner
    [InlineData(0x2065)] // unassigned, between the invisible operators and the isolates
    [InlineData(0x3164)] // Hangul filler
    [InlineData(0xFE00)] // variation selector 1
    [InlineData(0xFE0F)] // variation selector 16
    [InlineData(0xFEFF)] // byte order mark
    [InlineData(0xFFA0)] // halfwidth Hangul filler
    [InlineData(0x1BCA0)] // shorthand format letter overlap
    [InlineData(0x1D173)] // musical symbol begin beam
    [InlineData(0xE0000)] // unassigned, start of the tags block
    [InlineData(0xE0041)] // tag Latin capital letter A
    [InlineData(0xE0080)] // unassigned, after the tags
    [InlineData(0xE0100)] // variation selector 17
    [InlineData(0xE0FFF)] // unassigned, end of the range
    public void Default_ignorable_code_points_are_in_the_table(int codePoint) =>
        Assert.True(DefaultIgnorableCodePoints.Contains(codePoint), $"U+{codePoint:X4}");

    [Theory]
    [InlineData(0x0000)]
    [InlineData(0x0009)] // tab
    [InlineData(0x0020)] // space
    [InlineData('a')]
    [InlineData(0x00A0)] // no-break space: visible width
    [InlineData(0x180A)] // Mongolian nirugu, just before the variation selectors
    [InlineData(0x1810)] // Mongolian digit zero, just after
    [InlineData(0x2800)] // braille pattern blank: a visible cell, not ignorable
    [InlineData(0xFE10)]
    [InlineData(0x1F600)]
    [InlineData(0xE1000)]
    [InlineData(0x10FFFF)]
    public void Other_code_points_are_not(int codePoint) =>
        Assert.False(DefaultIgnorableCodePoints.Contains(codePoint), $"U+{codePoint:X4}");

    [Fact]
    public void The_generated_ranges_are_sorted_valid_and_neither_overlap_nor_touch()
    {
        var ranges = DefaultIgnorableCodePoints.Ranges.ToArray();

        Assert.NotEmpty(ranges);
        Assert.All(ranges, r => Assert.InRange(r.First, 0, r.Last));
        Assert.All(ranges, r => Assert.InRange(r.Last, r.First, 0x10FFFF));
        Assert.All(ranges.Zip(ranges.Skip(1)), pair => Assert.True(pair.First.Last + 1 < pair.Second.First, $"{pair.First} then {pair.Second}"));
    }
}
