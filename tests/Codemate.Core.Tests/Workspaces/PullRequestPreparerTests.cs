using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Workspaces;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Codemate.Core.Tests.Workspaces;

public sealed class PullRequestPreparerTests
{
    private static readonly PullRequestInfo Opened = new(31, "https://github.com/octo/widgets/pull/31", true);

    [Fact]
    public async Task A_new_issue_gets_one_empty_commit_pushed_and_a_draft_pull_request_that_closes_it_without_commenting()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(6);
        NoOpenPullRequest(h);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs(Opened);
        var main = await h.GitHub.GetBranchAsync("octo", "widgets", "main");
        var workspace = await h.Manager.PrepareAsync(issue, 77, CancellationToken.None);

        var pullRequest = await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details("Widgets wobble"), workspace, 77, CancellationToken.None);

        Assert.Equal(Opened, pullRequest);
        var commits = await h.GitHub.GetCommitsAsync("octo", "widgets", "issue-6");
        var initial = commits[0];
        Assert.Equal(main, Assert.Single(initial.Parents));
        Assert.Equal(commits[1].Tree, initial.Tree);
        Assert.Equal("Start work on #6", initial.Subject);
        Assert.Equal(("codemate[bot]", "codemate[bot]@users.noreply.github.com"), (initial.AuthorName, initial.AuthorEmail));
        Assert.Equal(("codemate[bot]", "codemate[bot]@users.noreply.github.com"), (initial.CommitterName, initial.CommitterEmail));
        await h.Api.Received(1).CreateDraftPullRequestAsync(
            WorkspaceHarness.Repository,
            Arg.Is<NewDraftPullRequest>(r => r.Title == "Widgets wobble" && r.Head == "issue-6" && r.Base == "main"
                && r.Body.StartsWith("Closes #6", StringComparison.Ordinal) && r.Body.Contains("in progress", StringComparison.OrdinalIgnoreCase)),
            77,
            Arg.Any<CancellationToken>());
        await h.Api.DidNotReceiveWithAnyArgs().CreateIssueCommentAsync(default, default!, default, default);
        await h.Api.DidNotReceiveWithAnyArgs().AddIssueReactionAsync(default, default!, default, default);
        Assert.False(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
    }

    [Fact]
    public async Task Calling_it_again_reuses_the_pull_request()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(6);
        h.Api.FindOpenPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs((PullRequestInfo?)null, Opened);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs(Opened);
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);
        await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None);
        var pushed = await h.GitHub.GetBranchAsync("octo", "widgets", "issue-6");

        var again = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);
        var reused = await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), again, null, CancellationToken.None);

        Assert.Equal(Opened, reused);
        Assert.True(again.BranchExisted);
        Assert.Equal(pushed, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-6"));
        await h.Api.ReceivedWithAnyArgs(1).CreateDraftPullRequestAsync(default, default!, default, default);
        await h.Api.DidNotReceiveWithAnyArgs().CreateIssueCommentAsync(default, default!, default, default);
    }

    [Fact]
    public async Task An_open_pull_request_for_the_branch_is_reused_without_pushing_or_commenting()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(2);
        h.Api.FindOpenPullRequestAsync(WorkspaceHarness.Repository, "issue-2", null, Arg.Any<CancellationToken>()).Returns(Opened);
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);

        var pullRequest = await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None);

        Assert.Equal(Opened, pullRequest);
        Assert.Null(await h.GitHub.GetBranchAsync("octo", "widgets", "issue-2"));
        await h.Api.DidNotReceiveWithAnyArgs().CreateDraftPullRequestAsync(default, default!, default, default);
        await h.Api.DidNotReceiveWithAnyArgs().CreateIssueCommentAsync(default, default!, default, default);
        await h.Api.DidNotReceiveWithAnyArgs().AddIssueReactionAsync(default, default!, default, default);
    }

    [Fact]
    public async Task A_branch_that_already_has_work_on_GitHub_gets_no_extra_empty_commit()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(5);
        var existing = await h.GitHub.CreateBranchAsync("octo", "widgets", "issue-5");
        NoOpenPullRequest(h);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs(Opened);
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);

        await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None);

        Assert.Equal(existing, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-5"));
        await h.Api.ReceivedWithAnyArgs(1).CreateDraftPullRequestAsync(default, default!, default, default);
    }

    [Fact]
    public async Task A_refused_pull_request_is_a_clear_error_and_a_retry_reuses_the_pushed_branch()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(3);
        NoOpenPullRequest(h);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ThrowsAsyncForAnyArgs(new HttpRequestException("422 Validation Failed"));
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<WorkspaceException>(() => h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None));

        Assert.Contains("422", error.Message, StringComparison.Ordinal);
        await h.Api.DidNotReceiveWithAnyArgs().CreateIssueCommentAsync(default, default!, default, default);
        var pushed = await h.GitHub.GetBranchAsync("octo", "widgets", "issue-3");
        Assert.NotNull(pushed);

        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs(Opened);
        var retry = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);
        Assert.Equal(Opened, await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), retry, null, CancellationToken.None));
        Assert.Equal(pushed, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-3"));
    }

    [Fact]
    public async Task A_pull_request_opened_meanwhile_by_another_delivery_is_reused_when_creation_fails()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(3);
        h.Api.FindOpenPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs((PullRequestInfo?)null, Opened);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ThrowsAsyncForAnyArgs(new HttpRequestException("422 A pull request already exists"));
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);

        Assert.Equal(Opened, await h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None));
    }

    [Fact]
    public async Task A_rejected_push_is_reported_as_a_git_error()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var issue = WorkspaceHarness.Issue(4);
        NoOpenPullRequest(h);
        var workspace = await h.Manager.PrepareAsync(issue, null, CancellationToken.None);
        await h.GitHub.CreateBranchAsync("octo", "widgets", "issue-4", message: "Someone else's work");

        var error = await Assert.ThrowsAsync<GitCommandException>(() => h.Preparer.EnsureDraftPullRequestAsync(issue, WorkspaceHarness.Details(), workspace, null, CancellationToken.None));

        Assert.StartsWith("git push", error.Command, StringComparison.Ordinal);
        Assert.Contains("rejected", error.StandardError, StringComparison.Ordinal);
        await h.Api.DidNotReceiveWithAnyArgs().CreateDraftPullRequestAsync(default, default!, default, default);
    }

    private static void NoOpenPullRequest(WorkspaceHarness h) =>
        h.Api.FindOpenPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs((PullRequestInfo?)null);
}
