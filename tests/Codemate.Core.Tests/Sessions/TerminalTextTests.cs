using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("line\nnext\ttab", "line\nnext\ttab")]
    [InlineData("crlf\r\nend", "crlf\nend")]
    [InlineData("paste \u001b[201~ end", "paste [201~ end")]
    [InlineData("interrupt \u0003 bell \u0007 del \u007f c1 \u009b", "interrupt  bell  del  c1 ")]
    [InlineData("ünïcödé ✓ 日本 🎉 $(x) `y`; \"q\"", "ünïcödé ✓ 日本 🎉 $(x) `y`; \"q\"")]
    public void Sanitize_keeps_newlines_and_tabs_and_removes_every_other_control_character(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Sanitize(text));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(";", "\\;")]
    [InlineData("ends;", "ends\\;")]
    [InlineData("ends\\;", "ends\\\\;")]
    [InlineData("mid;dle", "mid;dle")]
    public void Arguments_ending_in_a_semicolon_are_escaped_for_tmux(string argument, string expected) =>
        Assert.Equal(expected, TmuxSessionHost.EscapeTrailingSemicolon(argument));

    [Theory]
    [InlineData("o", "r", 1, "claude-o-r-1")]
    [InlineData("o", "my.repo", 12, "claude-o-my_repo-12")]
    public void Session_names_follow_the_original_and_are_sanitised_like_tmux_does(string owner, string repo, int number, string expected) =>
        Assert.Equal(expected, SessionNames.For(new(Issues.RepositoryName.Create(owner, repo), number)));
}
