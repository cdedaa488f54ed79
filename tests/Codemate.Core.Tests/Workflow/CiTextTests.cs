using Codemate.GitHub;
using Codemate.Workflow.Checks;

namespace Codemate.Core.Tests.Workflow;

public sealed class CiTextTests
{
    [Fact]
    public void The_log_tail_drops_timestamps_colours_and_hidden_characters_and_ends_after_the_last_error()
    {
        var log = "2024-05-01T12:00:00.1234567Z setup\r\n"
            + "2024-05-01T12:00:01.1234567Z \u001b[31mFAIL\u001b[0m t\u202Eest\n"
            + "2024-05-01T12:00:02Z ##[error]exit 1\n"
            + "after 1\nafter 2\nafter 3\nafter 4\n\n";

        Assert.Equal("setup\nFAIL test\n##[error]exit 1\nafter 1\nafter 2\nafter 3", CiText.LogTail(log));
    }

    [Fact]
    public void A_long_log_keeps_its_last_lines_and_says_that_earlier_ones_were_left_out()
    {
        var tail = CiText.LogTail(string.Join('\n', Enumerable.Range(1, 500).Select(i => $"line {i}")));

        var lines = tail.Split('\n');
        Assert.Equal("(earlier lines left out)", lines[0]);
        Assert.Equal(CiText.MaxLogLines, lines.Length - 1);
        Assert.Equal("line 500", lines[^1]);
    }

    [Fact]
    public void A_log_of_very_long_lines_is_cut_to_its_character_budget()
    {
        var tail = CiText.LogTail(string.Join('\n', Enumerable.Range(1, 10).Select(i => new string('x', 2_000) + i)));

        Assert.True(tail.Length <= CiText.MaxLogChars + "(earlier lines left out)\n".Length);
        Assert.EndsWith("x10", tail, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotations_are_one_a_line_failures_first_and_bounded_in_number()
    {
        var annotations = Enumerable.Range(1, 25).Select(i => new CheckAnnotation("a.cs", i, i, "warning", null, $"warn {i}"))
            .Prepend(new CheckAnnotation("b.cs", 3, 5, "failure", "Test", "broke\r\nhere"))
            .ToList();

        var text = CiText.Annotations(annotations)!;

        var lines = text.Split('\n');
        Assert.Equal("b.cs:3-5 [failure] Test: broke", lines[0]);
        Assert.Equal("here", lines[1]);
        Assert.Equal("a.cs:1 [warning] warn 1", lines[2]);
        Assert.Equal("(6 more annotations left out)", lines[^1]);
    }

    [Fact]
    public void No_annotations_and_no_summary_say_nothing()
    {
        Assert.Null(CiText.Annotations([]));
        Assert.Null(CiText.Summary(null, " "));
        Assert.Equal("Tests\n\n2 failed", CiText.Summary("Tests", "2 failed<!-- hidden -->"));
    }
}
