using Codemate.Testing.Git;
using Codemate.Workspaces;
using NSubstitute;

namespace Codemate.Core.Tests.Workspaces;

public sealed class WorkspaceManagerTests
{
    [Fact]
    public async Task A_new_issue_gets_its_own_clone_on_branch_issue_N_under_the_root()
    {
        await using var h = await WorkspaceHarness.StartAsync();

        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(7), 42, CancellationToken.None);

        Assert.Equal(Path.Combine(h.Root, "octo", "widgets", "issue-7"), workspace.Path);
        Assert.Equal("issue-7", workspace.Branch);
        Assert.Equal("main", workspace.DefaultBranch);
        Assert.False(workspace.BranchExisted);
        Assert.Equal("spin\n", File.ReadAllText(Path.Combine(workspace.Path, "src", "widget.txt")));
        Assert.Equal("issue-7", await h.GitAsync(workspace.Path, "branch", "--show-current"));
        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "origin/main"), await h.GitAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.Equal(h.GitHub.CloneUrl("octo", "widgets").AbsoluteUri, await h.GitAsync(workspace.Path, "remote", "get-url", "origin"));
        Assert.Equal(string.Empty, await h.GitAsync(workspace.Path, "status", "--porcelain"));
        await h.Credentials.Received().GetTokenAsync(42, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Neither_the_mirror_nor_the_workspace_is_configured_as_a_mirror()
    {
        await using var h = await WorkspaceHarness.StartAsync();

        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(h.MirrorPath, "HEAD")));
        foreach (var repository in new[] { h.MirrorPath, workspace.Path })
        {
            var mirror = await TestGit.TryRunAsync(repository, ["config", "--get", "remote.origin.mirror"]);
            Assert.NotEqual(0, mirror.ExitCode);
        }

        Assert.Equal("+refs/heads/*:refs/remotes/origin/*", await h.GitAsync(workspace.Path, "config", "--get", "remote.origin.fetch"));
    }

    [Fact]
    public async Task A_second_issue_on_the_same_repository_fetches_the_mirror_instead_of_cloning_it()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        var first = h.Runner.Commands;
        h.Runner.Clear();

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);

        Assert.Single(first, c => c.Arguments is ["clone", "--bare", ..]);
        Assert.DoesNotContain(h.Runner.Commands, c => c.Arguments is ["clone", "--bare", ..]);
        var fetch = Assert.Single(h.Runner.Commands, c => c.Credentials is not null);
        Assert.Equal("fetch", fetch.Arguments[0]);
        Assert.Equal(h.MirrorPath, fetch.WorkingDirectory);
        Assert.DoesNotContain(h.Runner.Commands, c => c.Arguments.Contains(h.GitHub.CloneUrl("octo", "widgets").AbsoluteUri) && c.Arguments[0] == "clone");
        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
    }

    [Fact]
    public async Task A_new_issue_sees_commits_pushed_to_GitHub_since_the_mirror_was_made()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        var newer = await h.GitHub.CreateBranchAsync("octo", "widgets", "main", message: "Newer work on main");

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);

        Assert.Equal(newer, await h.GitAsync(second.Path, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Preparing_the_same_issue_again_reuses_its_workspace_and_branch()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var first = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(3), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(first.Path, "notes.txt"), "work in progress");

        var again = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(3), null, CancellationToken.None);

        Assert.Equal(first.Path, again.Path);
        Assert.True(again.BranchExisted);
        Assert.Equal("work in progress", File.ReadAllText(Path.Combine(again.Path, "notes.txt")));
        Assert.Single(h.Runner.Commands, c => c.Arguments[0] == "clone" && c.Arguments.Contains(h.MirrorPath));
    }

    [Fact]
    public async Task A_half_made_workspace_left_by_a_crash_is_replaced_by_a_fresh_clone()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var leftover = Path.Combine(h.Root, "octo", "widgets", "issue-3");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "partial"), "x");

        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(3), null, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(workspace.Path, "partial")));
        Assert.Equal("issue-3", await h.GitAsync(workspace.Path, "branch", "--show-current"));
    }

    [Fact]
    public async Task A_branch_that_already_exists_on_GitHub_is_checked_out_instead_of_created()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var existing = await h.GitHub.CreateBranchAsync("octo", "widgets", "issue-5");

        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(5), null, CancellationToken.None);

        Assert.True(workspace.BranchExisted);
        Assert.Equal(existing, await h.GitAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.Equal("issue-5", await h.GitAsync(workspace.Path, "branch", "--show-current"));
        Assert.Equal("origin/issue-5", await h.GitAsync(workspace.Path, "rev-parse", "--abbrev-ref", "@{upstream}"));
    }

    [Fact]
    public async Task The_agent_can_commit_and_push_from_the_workspace_with_credentials_only_in_its_environment()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(8), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        var agent = GitEnvironment.ForToken(h.GitHub.ServerUrl, h.Token);

        await TestGit.RunAsync(workspace.Path, ["add", "fix.txt"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "-m", "Fix the wobble"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["push", "origin", "issue-8"], agent, anonymous: true);

        var commit = Assert.Single(await h.GitHub.GetCommitsAsync("octo", "widgets", "issue-8"), c => c.Subject == "Fix the wobble");
        Assert.Equal("codemate[bot]", commit.AuthorName);
        Assert.Equal("codemate[bot]@users.noreply.github.com", commit.AuthorEmail);
        Assert.Contains("up to date", await h.GitAsync(workspace.Path, "status"), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Token, File.ReadAllText(Path.Combine(workspace.Path, ".git", "config")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_agent_cannot_push_and_git_does_not_prompt()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(8), null, CancellationToken.None);

        var push = await TestGit.TryRunAsync(workspace.Path, ["push", "origin", "issue-8"]);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Null(await h.GitHub.GetBranchAsync("octo", "widgets", "issue-8"));
    }

    [Fact]
    public async Task Local_commits_are_pushed_once_and_then_nothing_is_left_to_push()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(9), null, CancellationToken.None);
        Assert.False(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        await TestGit.RunAsync(workspace.Path, ["add", "fix.txt"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "-m", "Agent work"], anonymous: true);

        Assert.True(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "HEAD"), await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9"));
        Assert.False(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
        Assert.False(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));
    }

    [Fact]
    public async Task Pushing_refuses_a_directory_outside_the_workspaces_root()
    {
        await using var h = await WorkspaceHarness.StartAsync(createRepository: false);

        await Assert.ThrowsAsync<WorkspaceException>(() => h.Manager.PushIfAheadAsync(h.Temp.Path, "issue-1", null, CancellationToken.None));
        await Assert.ThrowsAsync<WorkspaceException>(() => h.Manager.HasUnpushedCommitsAsync(Path.Combine(h.Root, "..", "elsewhere"), "issue-1", CancellationToken.None));
        Assert.Empty(h.Runner.Commands);
    }
}
