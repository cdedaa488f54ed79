using Codemate.Workspaces;

namespace Codemate.Core.Tests.Workspaces;

public sealed class SpareWorkspaceTests
{
    [Fact]
    public async Task After_the_first_issue_a_spare_checkout_waits_beside_the_mirror_with_the_real_origin()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);

        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.Equal("spin\n", File.ReadAllText(Path.Combine(h.SparePath, "src", "widget.txt")));
        Assert.Equal(h.GitHub.CloneUrl("octo", "widgets").AbsoluteUri, await h.GitAsync(h.SparePath, "remote", "get-url", "origin"));
        Assert.DoesNotContain(h.Token, File.ReadAllText(Path.Combine(h.SparePath, ".git", "config")), StringComparison.Ordinal);
        // Writing out its files, the long part, is background work: it must not slow the issue being started.
        Assert.Contains(h.Runner.Commands, c => c.Arguments[0] == "reset" && c.Background);
        Assert.DoesNotContain(h.Runner.Commands, c => c.Background && c.Arguments[0] != "reset");
    }

    [Fact]
    public async Task The_next_issue_takes_the_spare_without_a_clone_sees_newer_commits_and_a_new_spare_is_made()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        var newer = await h.GitHub.CreateBranchAsync("octo", "widgets", "main", message: "Newer work on main");
        h.Runner.Clear();

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);
        var preparing = h.Runner.Commands.ToArray();
        await h.Manager.SparesSettledAsync();

        // Only the issue's own preparation: the next spare's clone may already have started in the background.
        Assert.DoesNotContain(preparing, c => c.Arguments[0] == "clone" && !c.Arguments[^1].Contains(".spare.tmp-", StringComparison.Ordinal));
        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
        Assert.Equal(newer, await h.GitAsync(second.Path, "rev-parse", "HEAD"));
        Assert.Equal(newer, await h.GitAsync(second.Path, "rev-parse", "main"));
        Assert.Equal(string.Empty, await h.GitAsync(second.Path, "status", "--porcelain"));
        Assert.Equal(h.GitHub.CloneUrl("octo", "widgets").AbsoluteUri, await h.GitAsync(second.Path, "remote", "get-url", "origin"));
        Assert.Equal(newer, await h.GitAsync(h.SparePath, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_taken_spare_goes_straight_onto_the_new_issue_branch_in_one_checkout_with_its_upstream_set()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        h.Runner.Clear();

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);
        var preparing = h.Runner.Commands.ToArray();
        await h.Manager.SparesSettledAsync();

        Assert.False(second.BranchExisted);
        Assert.DoesNotContain(preparing, c => c.Arguments[0] == "clone" && !c.Arguments[^1].Contains(".spare.tmp-", StringComparison.Ordinal));
        var checkout = Assert.Single(preparing, c => c.Arguments[0] is "checkout" or "switch");
        Assert.Equal(["checkout", "--quiet", "--force", "-B", "issue-2", "--no-track", "origin/main"], checkout.Arguments);
        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
        Assert.Equal("origin", await h.GitAsync(second.Path, "config", "branch.issue-2.remote"));
        Assert.Equal("refs/heads/issue-2", await h.GitAsync(second.Path, "config", "branch.issue-2.merge"));
    }

    [Fact]
    public async Task A_taken_spare_tracks_the_issue_branch_when_GitHub_has_it_already()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        var existing = await h.GitHub.CreateBranchAsync("octo", "widgets", "issue-5");

        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(5), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.True(workspace.BranchExisted);
        Assert.Equal(existing, await h.GitAsync(workspace.Path, "rev-parse", "HEAD"));
        Assert.Equal("issue-5", await h.GitAsync(workspace.Path, "branch", "--show-current"));
        Assert.Equal("origin/issue-5", await h.GitAsync(workspace.Path, "rev-parse", "--abbrev-ref", "@{upstream}"));
        Assert.Equal(await h.GitAsync(workspace.Path, "rev-parse", "origin/main"), await h.GitAsync(workspace.Path, "rev-parse", "main"));
    }

    [Fact]
    public async Task An_issue_does_not_wait_for_a_spare_still_being_written_it_clones_from_the_mirror()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        var checkoutReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Runner.Before = command =>
        {
            if (command.Arguments[0] != "reset")
            {
                return Task.CompletedTask;
            }

            checkoutReached.TrySetResult();
            return release.Task;
        };
        PreparedWorkspace second;
        try
        {
            await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
            await checkoutReached.Task.WaitAsync(TimeSpan.FromSeconds(30));

            second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            // Whatever happened, the spare being written finishes, so the harness can stop.
            release.TrySetResult();
        }

        Assert.Contains(h.Runner.Commands, c => c.Arguments[0] == "clone" && c.Arguments[^1].Contains(".issue-2.tmp-", StringComparison.Ordinal));
        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
        Assert.Equal(string.Empty, await h.GitAsync(second.Path, "status", "--porcelain"));
        await h.Manager.SparesSettledAsync();
        Assert.True(Directory.Exists(Path.Combine(h.SparePath, ".git")));
    }

    [Fact]
    public async Task Issues_prepared_at_once_never_share_a_spare()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        var prepared = await Task.WhenAll(Enumerable.Range(2, 3).Select(n => h.Manager.PrepareAsync(WorkspaceHarness.Issue(n), null, CancellationToken.None)));
        await h.Manager.SparesSettledAsync();

        foreach (var workspace in prepared)
        {
            Assert.Equal(Path.GetFileName(workspace.Path), await h.GitAsync(workspace.Path, "branch", "--show-current"));
            Assert.Equal(string.Empty, await h.GitAsync(workspace.Path, "status", "--porcelain"));
        }

        Assert.True(Directory.Exists(Path.Combine(h.SparePath, ".git")));
    }

    [Fact]
    public async Task Turned_off_no_spare_is_made()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: false);

        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.False(Directory.Exists(h.SparePath));
    }

    [Fact]
    public async Task A_spare_that_cannot_be_brought_up_to_date_is_discarded_and_the_issue_clones()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        await h.GitHub.CreateBranchAsync("octo", "widgets", "main", message: "Newer work on main");
        // As a checkout killed half-way would leave it.
        await File.WriteAllTextAsync(Path.Combine(h.SparePath, ".git", "index.lock"), string.Empty);

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
        Assert.Equal(string.Empty, await h.GitAsync(second.Path, "status", "--porcelain"));
        Assert.False(File.Exists(Path.Combine(second.Path, ".git", "index.lock")));
        Assert.True(Directory.Exists(Path.Combine(h.SparePath, ".git")));
        Assert.False(File.Exists(Path.Combine(h.SparePath, ".git", "index.lock")));
    }

    [Fact]
    public async Task A_spare_directory_without_a_repository_is_replaced()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        Directory.CreateDirectory(h.SparePath);
        await File.WriteAllTextAsync(Path.Combine(h.SparePath, "stray.txt"), "not a repository");

        await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.True(Directory.Exists(Path.Combine(h.SparePath, ".git")));
        Assert.False(File.Exists(Path.Combine(h.SparePath, "stray.txt")));
    }
}
