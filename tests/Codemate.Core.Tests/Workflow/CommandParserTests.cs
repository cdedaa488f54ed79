using Codemate.Workflow.Commands;

namespace Codemate.Core.Tests.Workflow;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("/codemate start", "Start")]
    [InlineData("/codemate stop", "Stop")]
    [InlineData("/codemate retry", "Retry")]
    [InlineData("/codemate discard", "Discard")]
    [InlineData("/codemate status", "Status")]
    [InlineData("  /Codemate STOP please\n", "Stop")]
    [InlineData("\n\n/codemate retry\nwith more words below", "Retry")]
    [InlineData("/codemate dance", "Unknown")]
    [InlineData("/codemate", "Unknown")]
    public void A_comment_whose_first_line_is_a_codemate_command_is_parsed(string body, string kind)
    {
        Assert.Equal(kind, CommandParser.Parse(body)?.Kind.ToString());
    }

    [Theory]
    [InlineData("Please stop doing that")]
    [InlineData("Fix it, then run /codemate stop")]
    [InlineData("first line\n/codemate stop")]
    [InlineData("/codematestop")]
    [InlineData("")]
    [InlineData("   ")]
    public void Other_comments_are_not_commands(string body)
    {
        Assert.Null(CommandParser.Parse(body));
    }

    [Fact]
    public void An_unknown_command_keeps_the_word_for_the_reply()
    {
        Assert.Equal("dance", CommandParser.Parse("/codemate dance now")!.Word);
    }
}
