using Codemate.Testing.Git;

namespace Codemate.Core.Tests.Workspaces;

/// <summary>What the agent left uncommitted when its session ended becomes one marked commit on its branch, made safely.</summary>
public sealed class WorkspaceCheckpointTests
{
    [Fact]
    public async Task A_checkpoint_commits_new_changed_and_deleted_files_as_codemate_and_the_push_takes_it_to_github()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(3), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "notes.txt"), "half done\n");
        File.WriteAllText(Path.Combine(workspace.Path, "src", "widget.txt"), "spin faster\n");
        File.Delete(Path.Combine(workspace.Path, "README.md"));
        File.WriteAllText(Path.Combine(workspace.Path, "staged.txt"), "staged\n");
        await TestGit.RunAsync(workspace.Path, ["add", "staged.txt"], anonymous: true);

        var commit = await h.Checkpoint.CommitAsync(workspace.Path, workspace.Branch, "@bob asked to stop (`/codemate stop`).", CancellationToken.None);

        Assert.NotNull(commit);
        Assert.Equal(commit, await h.GitAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.Equal("codemate[bot] <codemate[bot]@users.noreply.github.com>", await h.GitAsync(workspace.Path, "log", "-1", "--format=%an <%ae>"));
        var message = await h.GitAsync(workspace.Path, "log", "-1", "--format=%B");
        Assert.StartsWith("Codemate checkpoint: work left uncommitted when the session ended\n\nThe session ended: @bob asked to stop (`/codemate stop`).", message, StringComparison.Ordinal);
        Assert.Contains("Codemate-Checkpoint: true", message, StringComparison.Ordinal);
        Assert.Equal(["D\tREADME.md", "A\tnotes.txt", "M\tsrc/widget.txt", "A\tstaged.txt"], (await h.GitAsync(workspace.Path, "show", "--name-status", "--format=", "HEAD")).Split('\n'));
        Assert.Equal(string.Empty, await h.GitAsync(workspace.Path, "status", "--porcelain"));

        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));
        Assert.Equal(commit, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-3"));
    }

    [Fact]
    public async Task A_clean_worktree_gets_no_checkpoint()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(4), null, CancellationToken.None);
        var head = await h.GitAsync(workspace.Path, "rev-parse", "HEAD");

        Assert.Null(await h.Checkpoint.CommitAsync(workspace.Path, workspace.Branch, "the issue was closed.", CancellationToken.None));

        Assert.Equal(head, await h.GitAsync(workspace.Path, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_file_too_large_for_github_and_a_repository_inside_the_worktree_are_left_out_and_named()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(5), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        using (var huge = File.Create(Path.Combine(workspace.Path, "dump.bin")))
        {
            huge.SetLength(new Codemate.Workspaces.WorkspaceOptions().CheckpointMaxFileMegabytes * 1024L * 1024 + 1);
        }

        await TestGit.RunAsync(workspace.Path, ["add", "dump.bin"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["init", "--quiet", "vendored"]);
        await TestGit.RunAsync(Path.Combine(workspace.Path, "vendored"), ["commit", "--quiet", "--allow-empty", "-m", "inner"]);

        await h.Checkpoint.CommitAsync(workspace.Path, workspace.Branch, "the issue was closed.", CancellationToken.None);

        Assert.Equal("fix.txt", await h.GitAsync(workspace.Path, "show", "--name-only", "--format=", "HEAD"));
        var message = await h.GitAsync(workspace.Path, "log", "-1", "--format=%B");
        Assert.Contains("- dump.bin\n", message, StringComparison.Ordinal);
        Assert.Contains("- vendored/\n", message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace.Path, "dump.bin")));
    }

    [Fact]
    public async Task A_checkpoint_takes_no_more_files_than_its_configured_limit_and_names_the_rest()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(7), null, CancellationToken.None);
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" })
        {
            File.WriteAllText(Path.Combine(workspace.Path, name), name + "\n");
        }

        var checkpoint = new Codemate.Workspaces.WorkspaceCheckpoint(
            h.Runner,
            Microsoft.Extensions.Options.Options.Create(new Codemate.Configuration.CodemateOptions { WorkspacesRoot = h.Root }),
            Microsoft.Extensions.Options.Options.Create(new Codemate.Workspaces.WorkspaceOptions { SpareWorkspace = false, CheckpointMaxFiles = 2 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Codemate.Workspaces.WorkspaceCheckpoint>.Instance);
        await checkpoint.CommitAsync(workspace.Path, workspace.Branch, "the issue was closed.", CancellationToken.None);

        Assert.Equal(["a.txt", "b.txt"], (await h.GitAsync(workspace.Path, "show", "--name-only", "--format=", "HEAD")).Split('\n'));
        Assert.Contains("- c.txt\n", await h.GitAsync(workspace.Path, "log", "-1", "--format=%B"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace.Path, "c.txt")));
    }

    [Fact]
    public async Task A_worktree_on_another_branch_gets_no_checkpoint_on_the_issues_branch()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(6), null, CancellationToken.None);
        var head = await h.GitAsync(workspace.Path, "rev-parse", "refs/heads/issue-6");
        await TestGit.RunAsync(workspace.Path, ["switch", "--quiet", "--create", "experiment"]);
        File.WriteAllText(Path.Combine(workspace.Path, "idea.txt"), "maybe\n");

        Assert.Null(await h.Checkpoint.CommitAsync(workspace.Path, workspace.Branch, "the issue was closed.", CancellationToken.None));

        Assert.Equal(head, await h.GitAsync(workspace.Path, "rev-parse", "refs/heads/issue-6"));
    }
}
