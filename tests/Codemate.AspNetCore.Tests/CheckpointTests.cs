using Codemate.AspNetCore.Tests.Security;
using Codemate.Testing.Git;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests;

/// <summary>Work is never lost at a stop: what the agent left uncommitted reaches GitHub as Codemate's checkpoint commit.</summary>
public sealed class CheckpointTests : IAsyncLifetime
{
    private const string Checkpoint = "Codemate checkpoint: work left uncommitted when the session ended";
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private Flow _flow = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "checkpoint");
        _host = await _world.StartHostAsync();
        _flow = new Flow(_world, _host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_stop_with_uncommitted_work_pushes_it_as_a_checkpoint_commit_on_the_issues_branch()
    {
        await _flow.OpenIssueAsync(1, "Start on it. [[write notes.txt]]");
        await _world.AgentLog(1).WaitUntilAsync(() => _world.AgentLog(1).Entries().Any(e => e.Kind == "wrote"), what: "the uncommitted file");

        await _flow.CommentAsync(1, "/codemate stop", 11);

        await _flow.WaitForRemoteCommitAsync(1, Checkpoint);
        var repository = _world.GitHub.RepositoryPath(_flow.Owner, _flow.Name);
        Assert.StartsWith("left uncommitted by the scripted agent", await TestGit.RunAsync(repository, ["cat-file", "-p", "issue-1:notes.txt"]), StringComparison.Ordinal);
        Assert.Contains("The session ended: @bob asked to stop", await TestGit.RunAsync(repository, ["log", "-1", "--format=%B", "issue-1"]), StringComparison.Ordinal);
        Assert.Equal("codemate[bot]", await TestGit.RunAsync(repository, ["log", "-1", "--format=%an", "issue-1"]));
    }

    [Fact]
    public async Task Closing_the_issue_pushes_the_uncommitted_work_before_the_workspace_can_be_removed()
    {
        await _flow.OpenIssueAsync(2, "Start on it. [[write draft.txt]]");
        await _world.AgentLog(2).WaitUntilAsync(() => _world.AgentLog(2).Entries().Any(e => e.Kind == "wrote"), what: "the uncommitted file");

        await _flow.CloseIssueAsync(2);

        await _flow.WaitForRemoteCommitAsync(2, Checkpoint);
        var repository = _world.GitHub.RepositoryPath(_flow.Owner, _flow.Name);
        Assert.Contains("The session ended: the issue was closed.", await TestGit.RunAsync(repository, ["log", "-1", "--format=%B", "issue-2"]), StringComparison.Ordinal);
        Assert.StartsWith("left uncommitted", await TestGit.RunAsync(repository, ["cat-file", "-p", "issue-2:draft.txt"]), StringComparison.Ordinal);
    }
}
