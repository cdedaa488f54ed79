using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing.Hosting;

namespace Codemate.Core.Tests.GitHub;

public sealed class GitHubApiTests
{
    private static readonly RepositoryName Repo = RepositoryName.Create("octo", "app");

    [Fact]
    public async Task A_draft_pull_request_is_opened_and_then_found_by_its_branch()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app", "main");
        var api = context.Get<IGitHubApi>();

        var before = await api.FindOpenPullRequestAsync(Repo, "issue-7", null, CancellationToken.None);
        var created = await api.CreateDraftPullRequestAsync(Repo, new NewDraftPullRequest("Fix #7", "issue-7", "main", "Closes #7"), null, CancellationToken.None);
        var found = await api.FindOpenPullRequestAsync(Repo, "issue-7", null, CancellationToken.None);

        Assert.Null(before);
        Assert.True(created.Draft);
        Assert.Equal($"{context.GitHub.ServerUrl}octo/app/pull/{created.Number}", created.HtmlUrl);
        Assert.Equal(created, found);
        var pull = Assert.Single(context.GitHub.Repository("octo", "app").PullRequests);
        Assert.Equal(("issue-7", "main", "Closes #7", true), (pull.Head, pull.Base, pull.Body, pull.Draft));
        Assert.Contains(context.GitHub.Calls, c => c.PathAndQuery.Contains("head=octo%3Aissue-7", StringComparison.Ordinal) || c.PathAndQuery.Contains("head=octo:issue-7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_branchs_pull_request_is_not_found()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app").AddPullRequest("issue-8", "main", "Other");

        Assert.Null(await context.Get<IGitHubApi>().FindOpenPullRequestAsync(Repo, "issue-7", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_comment_is_created_then_updated_in_place()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app");
        var api = context.Get<IGitHubApi>();
        var issue = new IssueKey(Repo, 3);

        var id = await api.CreateIssueCommentAsync(issue, "Working on it", null, CancellationToken.None);
        await api.UpdateIssueCommentAsync(Repo, id, "Done", null, CancellationToken.None);

        var comment = Assert.Single(context.GitHub.Repository("octo", "app").Comments);
        Assert.Equal((id, 3, "Done", TestSettings.Login), (comment.Id, comment.IssueNumber, comment.Body, comment.Author));
    }

    [Fact]
    public async Task An_issue_is_read_as_GitHub_has_it_now_and_a_missing_one_is_null()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        var remote = context.GitHub.AddRepository("octo", "app");
        remote.OpenIssue(5, "Crash", "On start.\r\nAlways.", "rita", ["bug", "codemate"]);
        remote.EditIssue(5, i => i with { State = "closed", Body = "Edited." });
        var api = context.Get<IGitHubApi>();

        var issue = await api.GetIssueAsync(new IssueKey(Repo, 5), null, CancellationToken.None);
        var missing = await api.GetIssueAsync(new IssueKey(Repo, 6), null, CancellationToken.None);

        Assert.Equal(("Crash", "Edited.", "rita", false, false), (issue!.Title, issue.Body, issue.Author, issue.IsOpen, issue.IsPullRequest));
        Assert.Equal(["bug", "codemate"], issue.Labels);
        Assert.Null(missing);
    }

    [Fact]
    public async Task An_eyes_reaction_is_added_to_the_issue()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app");

        await context.Get<IGitHubApi>().AddIssueReactionAsync(new IssueKey(Repo, 4), "eyes", null, CancellationToken.None);

        var reaction = Assert.Single(context.GitHub.Repository("octo", "app").Reactions);
        Assert.Equal((4, "eyes"), (reaction.IssueNumber, reaction.Content));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("maintain")]
    [InlineData("write")]
    [InlineData("triage")]
    [InlineData("read")]
    public async Task A_collaborators_permission_is_read_as_GitHub_names_it(string permission)
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app").SetPermission("alice", permission);
        var api = context.Get<IGitHubApi>();

        Assert.Equal(permission, await api.GetPermissionAsync(Repo, "alice", null, CancellationToken.None));
        Assert.Equal("none", await api.GetPermissionAsync(Repo, "mallory", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_collaborator_with_a_custom_role_has_the_permission_the_role_is_based_on()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app").SetPermission("alice", "security-manager", permission: "write");

        Assert.Equal("write", await context.Get<IGitHubApi>().GetPermissionAsync(Repo, "alice", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_repository_fails_with_what_was_attempted()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));

        Assert.Contains("octo/app", error.Message, StringComparison.Ordinal);
        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_call_is_cancelled()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, cancelled.Token));
    }
}
