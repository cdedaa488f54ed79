using Codemate.Issues;
using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

public sealed class PromptFormatterTests
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "my.repo"), 42);

    [Fact]
    public void The_issue_prompt_names_repository_number_title_author_branch_pull_request_and_body()
    {
        var details = new IssueDetails("Crash on start", "Steps:\r\n1. run\r\n", "alice", "https://github.com/octo/my.repo/issues/42", []);

        var prompt = PromptFormatter.IssuePrompt(Issue, details, "issue-42", "https://github.com/octo/my.repo/pull/43");

        Assert.Equal(
            "Please work on GitHub issue octo/my.repo#42: Crash on start\n\n" +
            "Repository: octo/my.repo\n" +
            "Issue: #42 (https://github.com/octo/my.repo/issues/42)\n" +
            "Opened by: @alice\n" +
            "Branch: issue-42\n" +
            "Draft pull request: https://github.com/octo/my.repo/pull/43\n\n" +
            "Issue description:\nSteps:\n1. run\n\n" +
            "Implement it on branch issue-42, commit as you go, and push so the draft pull request stays up to date.",
            prompt);
    }

    [Fact]
    public void An_issue_without_body_or_pull_request_says_so()
    {
        var prompt = PromptFormatter.IssuePrompt(Issue, new IssueDetails("T", "  ", "bob", "", []), "issue-42", null);

        Assert.Contains("Draft pull request: (not opened yet)\n", prompt, StringComparison.Ordinal);
        Assert.Contains("Issue description:\n(no description)\n", prompt, StringComparison.Ordinal);
        Assert.Contains("Issue: #42\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comment_prompt_names_the_author_and_keeps_the_body() =>
        Assert.Equal("New comment on the issue from @carol:\n\nPlease also handle `null`.\nThanks", PromptFormatter.CommentPrompt("carol", "Please also handle `null`.\r\nThanks\n"));
}
