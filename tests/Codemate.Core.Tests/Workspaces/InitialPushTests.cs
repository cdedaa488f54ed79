using Codemate.Testing.Git;

namespace Codemate.Core.Tests.Workspaces;

/// <summary>
/// A branch's first push usually carries only Codemate's empty initial commit, which the mirror can take without a
/// fetch from the workspace; any other push still fetches the branch into the mirror first.
/// </summary>
public sealed class InitialPushTests
{
    [Fact]
    public async Task An_empty_first_commit_is_copied_into_the_mirror_and_pushed_without_a_fetch()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(11), null, CancellationToken.None);
        await TestGit.RunAsync(workspace.Path, ["commit", "--allow-empty", "-m", "Start work on #11"], anonymous: true);
        h.Runner.Clear();

        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "HEAD"), await h.GitHub.GetBranchAsync("octo", "widgets", "issue-11"));
        Assert.DoesNotContain(h.Runner.Commands, c => c.Arguments[0] == "fetch");
        Assert.Contains(h.Runner.Commands, c => c.Arguments[0] == "hash-object" && c.WorkingDirectory == h.MirrorPath);
        Assert.Empty(Directory.EnumerateFiles(h.MirrorPath, "codemate-commit-*"));
        Assert.False(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
    }

    [Fact]
    public async Task A_first_commit_that_changes_files_is_fetched_into_the_mirror_before_the_push()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(12), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        await TestGit.RunAsync(workspace.Path, ["add", "fix.txt"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "-m", "Agent work"], anonymous: true);
        h.Runner.Clear();

        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "HEAD"), await h.GitHub.GetBranchAsync("octo", "widgets", "issue-12"));
        Assert.Contains(h.Runner.Commands, c => c.Arguments[0] == "fetch" && c.WorkingDirectory == h.MirrorPath);
        Assert.DoesNotContain(h.Runner.Commands, c => c.Arguments[0] == "hash-object");
    }

    [Fact]
    public async Task An_empty_commit_on_top_of_unpushed_work_is_fetched_with_it()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(13), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        await TestGit.RunAsync(workspace.Path, ["add", "fix.txt"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "-m", "Agent work"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "--allow-empty", "-m", "Nothing more"], anonymous: true);
        h.Runner.Clear();

        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "HEAD"), await h.GitHub.GetBranchAsync("octo", "widgets", "issue-13"));
        Assert.Contains(h.Runner.Commands, c => c.Arguments[0] == "fetch");
    }
}
