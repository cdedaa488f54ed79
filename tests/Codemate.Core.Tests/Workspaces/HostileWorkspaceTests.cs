using System.Text;
using Codemate.Testing.Git;

namespace Codemate.Core.Tests.Workspaces;

/// <summary>A prompt-injected agent owns its worktree's <c>.git</c>: nothing it plants there may run or redirect Codemate's git.</summary>
public sealed class HostileWorkspaceTests
{
    [Fact]
    public async Task The_idle_push_runs_nothing_the_agent_planted_and_goes_only_to_the_canonical_repository()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(9), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        await TestGit.RunAsync(workspace.Path, ["add", "fix.txt"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "-m", "Agent work"], anonymous: true);
        var head = await h.GitAsync(workspace.Path, "rev-parse", "HEAD");
        var markers = h.Temp.Combine("markers");
        var stolen = h.Temp.Combine("stolen.git");
        await TestGit.RunAsync(h.Temp.Path, ["init", "--quiet", "--bare", stolen]);
        await PlantAsync(h, workspace.Path, markers, stolen);

        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(markers));
        Assert.Equal(head, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9"));
        Assert.Equal(string.Empty, await TestGit.RunAsync(stolen, ["for-each-ref"]));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + h.Token));
        Assert.All(h.GitHub.GitCalls, call => Assert.Equal("Basic " + basic, call.Authorization));
        Assert.Contains(h.GitHub.GitCalls, c => c.PathAndQuery.EndsWith("/git-receive-pack", StringComparison.Ordinal));
        foreach (var secret in new[] { h.Token, basic })
        {
            Assert.Empty(FilesContaining(workspace.Path, secret));
            Assert.Empty(FilesContaining(h.MirrorPath, secret));
        }

        Assert.False(await h.Manager.HasUnpushedCommitsAsync(workspace.Path, workspace.Branch, CancellationToken.None));
        Assert.DoesNotContain(h.Runner.Commands, c => c.Credentials is not null && c.WorkingDirectory.StartsWith(workspace.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_checkpoint_of_uncommitted_work_runs_nothing_the_agent_planted_and_writes_nothing_elsewhere()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(9), null, CancellationToken.None);
        File.WriteAllText(Path.Combine(workspace.Path, "fix.txt"), "fixed\n");
        File.WriteAllText(Path.Combine(workspace.Path, "src", "widget.txt"), "changed\n");
        var markers = h.Temp.Combine("markers");
        await PlantAsync(h, workspace.Path, markers, h.Temp.Combine("stolen.git"));

        var commit = await h.Checkpoint.CommitAsync(workspace.Path, workspace.Branch, "the issue was closed.", CancellationToken.None);

        Assert.NotNull(commit);
        Assert.Empty(Directory.GetFiles(markers));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(h.Temp.Path, "elsewhere")));
        Assert.Equal("fixed", await TestGit.RunAsync(workspace.Path, ["cat-file", "-p", "HEAD:fix.txt"]));
        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(markers));
        Assert.Equal(commit, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9"));
    }

    [Fact]
    public async Task A_branch_rewritten_against_what_GitHub_has_is_rejected_not_forced()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(9), null, CancellationToken.None);
        await TestGit.RunAsync(workspace.Path, ["commit", "--allow-empty", "-m", "First"], anonymous: true);
        Assert.True(await h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));
        var pushed = await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9");
        await TestGit.RunAsync(workspace.Path, ["reset", "--quiet", "--hard", "origin/main"], anonymous: true);
        await TestGit.RunAsync(workspace.Path, ["commit", "--allow-empty", "-m", "Rewritten"], anonymous: true);

        var error = await Assert.ThrowsAsync<Codemate.Workspaces.GitCommandException>(() => h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.StartsWith("git push", error.Command, StringComparison.Ordinal);
        Assert.Equal(pushed, await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9"));
    }

    [Fact]
    public async Task A_workspace_whose_objects_come_from_elsewhere_is_not_pushed()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(9), null, CancellationToken.None);
        await TestGit.RunAsync(workspace.Path, ["commit", "--allow-empty", "-m", "Agent work"], anonymous: true);
        File.WriteAllText(Path.Combine(workspace.Path, ".git", "objects", "info", "alternates"), h.GitHub.RepositoryPath("octo", "widgets") + "/objects\n");

        await Assert.ThrowsAsync<Codemate.Workspaces.WorkspaceException>(() => h.Manager.PushIfAheadAsync(workspace.Path, workspace.Branch, null, CancellationToken.None));

        Assert.Null(await h.GitHub.GetBranchAsync("octo", "widgets", "issue-9"));
    }

    [Fact]
    public async Task Nothing_planted_in_the_mirror_the_spare_or_a_reused_workspace_runs_or_moves_files_when_issues_are_prepared()
    {
        await using var h = await WorkspaceHarness.StartAsync(spare: true);
        var first = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        var markers = h.Temp.Combine("markers");
        HostileRepository.WriteHooks(Path.Combine(h.MirrorPath, "hooks"), markers);
        HostileRepository.WriteHooks(Path.Combine(h.SparePath, ".git", "hooks"), markers);
        File.WriteAllText(Path.Combine(first.Path, "src", "widget.txt"), "spun by the agent\n");
        await TestGit.RunAsync(first.Path, ["commit", "--quiet", "--all", "-m", "Agent work"], anonymous: true);
        await TestGit.RunAsync(first.Path, ["switch", "--quiet", "--create", "elsewhere", "origin/main"]);
        await PlantAsync(h, first.Path, markers, h.Temp.Combine("nowhere.git"));
        await TestGit.RunAsync(h.MirrorPath, ["config", "core.hooksPath", Path.Combine(h.MirrorPath, "hooks")]);
        await h.GitHub.CreateBranchAsync("octo", "widgets", "main", message: "Newer work on main");

        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);
        var again = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();

        Assert.Empty(Directory.GetFiles(markers));
        Assert.Equal("issue-2", await h.GitAsync(second.Path, "branch", "--show-current"));
        Assert.Equal("issue-1", await h.GitAsync(again.Path, "branch", "--show-current"));
        Assert.True(Directory.Exists(Path.Combine(h.SparePath, ".git")));
        Assert.Equal("spun by the agent\n", File.ReadAllText(Path.Combine(again.Path, "src", "widget.txt")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(h.Temp.Path, "elsewhere")));
    }

    /// <summary>Hooks, a hooks path, an fsmonitor, drivers, a moved work tree, a push URL, a URL rewrite, a proxy and a credential helper, some through an include.</summary>
    private static async Task PlantAsync(WorkspaceHarness h, string workspace, string markers, string stolen)
    {
        Directory.CreateDirectory(markers);
        var hooks = Path.Combine(workspace, ".agent-hooks");
        HostileRepository.WriteHooks(Path.Combine(workspace, ".git", "hooks"), markers);
        HostileRepository.WriteHooks(hooks, markers);
        var included = Path.Combine(workspace, ".git", "agent.config");
        File.WriteAllText(included, $"[core]\n\thooksPath = {hooks}\n[remote \"origin\"]\n\tpushurl = {stolen}\n");
        var canonical = h.GitHub.CloneUrl("octo", "widgets").AbsoluteUri;
        // Every file goes through drivers with programs that leave markers, and the work tree is moved outside.
        File.WriteAllText(Path.Combine(workspace, ".git", "info", "attributes"), "* filter=evil diff=evil merge=evil\n");
        var elsewhere = h.Temp.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);
        string[][] settings =
        [
            ["filter.evil.smudge", HostileRepository.Marker(markers, "smudge") + "; cat"],
            ["filter.evil.clean", HostileRepository.Marker(markers, "clean") + "; cat"],
            ["filter.evil.process", HostileRepository.Marker(markers, "process")],
            ["filter.evil.required", "true"],
            ["diff.evil.textconv", HostileRepository.Marker(markers, "textconv") + "; cat"],
            ["merge.evil.driver", HostileRepository.Marker(markers, "merge")],
            ["core.worktree", elsewhere],
            ["include.path", included],
            ["core.fsmonitor", HostileRepository.Marker(markers, "fsmonitor") + "; false"],
            ["core.sshCommand", HostileRepository.Marker(markers, "ssh")],
            ["core.askPass", HostileRepository.Marker(markers, "askpass")],
            ["credential.helper", "!" + HostileRepository.Marker(markers, "credential")],
            ["uploadpack.packObjectsHook", HostileRepository.Marker(markers, "pack-objects") + ";"],
            ["http.proxy", "http://127.0.0.1:9"],
            ["http.sslVerify", "false"],
            ["url." + stolen + ".insteadOf", canonical],
            ["url." + stolen + ".pushInsteadOf", canonical],
            ["protocol.ext.allow", "always"],
            ["commit.gpgSign", "true"],
            ["gpg.program", HostileRepository.Marker(markers, "gpg")],
        ];
        foreach (var setting in settings)
        {
            await TestGit.RunAsync(workspace, ["config", "--add", setting[0], setting[1]]);
        }
    }

    private static IEnumerable<string> FilesContaining(string directory, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        return Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
