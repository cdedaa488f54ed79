using Codemate.Workflow.Reviews;

namespace Codemate.Core.Tests.Workflow;

public sealed class ReviewReplyTextTests
{
    [Fact]
    public void A_reply_lists_the_commits_that_followed_with_their_subjects_as_code_so_mentions_ping_nobody()
    {
        var text = ReviewReplyText.Render([("abc1234", "Fix the loop"), ("def5678", "Thank @alice for `this`")], "issue-3");

        Assert.Equal("**Codemate:** the agent has worked on this comment. Commits pushed to `issue-3` since:\n\n- abc1234 `Fix the loop`\n- def5678 `Thank @alice for 'this'`", text);
    }

    [Fact]
    public void A_reply_without_commits_says_so()
    {
        Assert.Contains("pushed no new commits", ReviewReplyText.Render([], "issue-3"), StringComparison.Ordinal);
    }
}
