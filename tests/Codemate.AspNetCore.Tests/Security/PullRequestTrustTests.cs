using System.Net;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>
/// Closing a pull request stops a session only when it is the pull request Codemate opened for the issue: a branch
/// named <c>issue-N</c> in a fork, or another pull request of the repository, stops nothing.
/// </summary>
public sealed class PullRequestTrustTests : IAsyncLifetime
{
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private Flow _flow = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "trust");
        _host = await _world.StartHostAsync();
        _flow = new Flow(_world, _host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Closing_a_pull_request_from_a_fork_whose_branch_is_named_after_the_issue_does_not_stop_its_session()
    {
        var own = await StartAsync(1);

        // Even with the number of Codemate's own pull request, a head in another repository is not Codemate's.
        using var response = await _flow.GitHub.SendAsync("pull_request", WebhookPayloads.PullRequestEvent("closed", "octo", "trust", own, "issue-1", sender: "mallory", forkOwner: "mallory"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("comes from mallory/trust", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillRunningAsync(1);
    }

    [Fact]
    public async Task Closing_another_pull_request_of_the_repository_on_a_branch_named_after_the_issue_does_not_stop_its_session()
    {
        var own = await StartAsync(2);

        await CloseAsync(own + 40, "issue-2");

        await Eventually.WaitAsync(async () => (await _host.GetRequiredService<IStateStore>().GetPendingWorkAsync(default)).Count == 0, "the close to be handled");
        await AssertStillRunningAsync(2);
    }

    [Fact]
    public async Task Closing_codemates_own_pull_request_stops_the_session()
    {
        var own = await StartAsync(3);

        await CloseAsync(own, "issue-3");

        await _world.WaitForStatusAsync(3, b => b.Contains("the pull request was closed", StringComparison.Ordinal), "stopped by the close");
        // The stop is recorded before tmux ends the session (so its exit is not taken for the agent finishing), and
        // another refresh can show it in between.
        await Eventually.WaitAsync(async () => !await _world.IsTmuxSessionAliveAsync(3), "the session to end");
        Assert.NotNull((await Record(3))!.ClosedAt);
    }

    private async Task<int> StartAsync(int issue)
    {
        await _flow.OpenIssueAsync(issue);
        await _world.AgentLog(issue).WaitForMessagesAsync(1);
        return Assert.Single(_world.Remote.PullRequests, pr => pr.Head == $"issue-{issue}").Number;
    }

    private async Task CloseAsync(int pullRequest, string head)
    {
        using var response = await _flow.GitHub.SendAsync("pull_request", WebhookPayloads.PullRequestEvent("closed", "octo", "trust", pullRequest, head));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task AssertStillRunningAsync(int issue)
    {
        var record = await Record(issue);
        Assert.Equal(SessionState.Running, record!.State);
        Assert.Null(record.ClosedAt);
        Assert.True(await _world.IsTmuxSessionAliveAsync(issue));
    }

    private Task<SessionRecord?> Record(int number) => _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(number), default);
}
