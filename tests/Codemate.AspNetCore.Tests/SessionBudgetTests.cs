using System.Net;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.AspNetCore.Tests;

/// <summary>Budgets and clean-up on an injected clock: each one ends the session and the status comment says why.</summary>
public sealed class SessionBudgetTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private WebhookSender _github = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "budget");
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        _host = await _world.StartHostAsync(
            s =>
            {
                s[EnvironmentVariables.MaxSessionMinutes] = "120";
                s[EnvironmentVariables.MaxIdleMinutes] = "30";
                s[EnvironmentVariables.HungAgentMinutes] = "10";
                s[EnvironmentVariables.WorkspaceRetentionDays] = "7";
            },
            services: s => s.AddSingleton<TimeProvider>(_clock));
        _github = new WebhookSender(_host.Client, TestSettings.Secret);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_waiting_for_input_longer_than_the_idle_budget_is_stopped_and_the_workspace_kept()
    {
        await OpenIssueAsync(1, "Say hello.");
        await _world.AgentLog(1).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(1, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting");
        await WaitUntilIdleAsync(1);

        var status = await AdvanceUntilStoppedAsync(1, TimeSpan.FromMinutes(31));
        Assert.True(status.Body.Contains("waited for input for 30 minutes", StringComparison.Ordinal), status.Body);
        Assert.Contains(EnvironmentVariables.MaxIdleMinutes, status.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(1));
        Assert.True(Directory.Exists((await Record(1))!.Workspace));
    }

    [Fact]
    public async Task Idle_time_before_a_restart_counts_toward_the_idle_budget_after_it()
    {
        await OpenIssueAsync(5, "Say hello.");
        await _world.AgentLog(5).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(5, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting");
        await _host.DisposeAsync();

        // Down for 20 minutes while the agent waits in tmux; 12 more after the restart make 32 of the 30 allowed.
        _clock.Advance(TimeSpan.FromMinutes(20));
        await StartHostAsync();
        Assert.True(await _world.IsTmuxSessionAliveAsync(5));
        // The fake clock moves once more only: the restarted host must have seen the agent idle before it does, or
        // the watchdog's one tick finds nothing idle and the test waits for a tick that never comes. Whether the status
        // event's handlers have run by then does not matter: the watchdog's first look counts idle time the same way.
        var supervisor = _host.GetRequiredService<Codemate.Sessions.ISessionSupervisor>();
        await Eventually.WaitAsync(
            () => Task.FromResult(supervisor.GetStatus(_world.Issue(5)) == Codemate.Sessions.AgentStatus.Idle), "the restarted host to see the agent idle");
        _clock.Advance(TimeSpan.FromMinutes(12));

        var status = await _world.WaitForStatusAsync(5, b => b.Contains("Stopped", StringComparison.Ordinal), "stopped");
        Assert.Contains("waited for input for 30 minutes", status.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(5));
    }

    [Fact]
    public async Task A_busy_agent_whose_screen_does_not_change_is_stopped_as_hung()
    {
        await OpenIssueAsync(2, "Think forever. [[hold]]");
        await _world.AgentLog(2).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(2, b => b.Contains("The agent is working", StringComparison.Ordinal), "working");

        _clock.Advance(TimeSpan.FromMinutes(11));

        var status = await _world.WaitForStatusAsync(2, b => b.Contains("Stopped", StringComparison.Ordinal), "stopped");
        Assert.Contains("looked hung", status.Body, StringComparison.Ordinal);
        Assert.Contains("10 minutes", status.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(2));
    }

    [Fact]
    public async Task A_session_over_its_wall_time_is_stopped()
    {
        await OpenIssueAsync(3, "Work a long time.");
        await _world.AgentLog(3).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(3, b => b.Contains("Waiting for input", StringComparison.Ordinal), "waiting");

        var status = await AdvanceUntilStoppedAsync(3, TimeSpan.FromMinutes(121));
        Assert.Contains("maximum run time of 120 minutes", status.Body, StringComparison.Ordinal);
        Assert.False(await _world.IsTmuxSessionAliveAsync(3));
    }

    [Fact]
    public async Task A_closed_issue_s_workspace_is_removed_after_the_retention_period_and_the_mirror_is_kept()
    {
        await OpenIssueAsync(4, "Something.");
        await _world.AgentLog(4).WaitForMessagesAsync(1);
        var workspace = (await Record(4))!.Workspace!;
        using (var closed = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("closed", "octo", "budget", 4, author: TestWorld.Writer)))
        {
            Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
        }

        await _world.WaitForStatusAsync(4, b => b.Contains("the issue was closed", StringComparison.Ordinal), "closed");
        _clock.Advance(TimeSpan.FromDays(6));
        await Task.Delay(300);
        Assert.True(Directory.Exists(workspace));

        _clock.Advance(TimeSpan.FromDays(2));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Directory.Exists(workspace) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists(workspace));
        Assert.True(Directory.Exists(Path.Combine(_world.WorkspacesRoot, ".mirrors", "octo", "budget.git")));
        await Eventually.WaitAsync(async () => (await Record(4))!.Workspace is null, "the record to forget the workspace");
    }

    /// <summary>
    /// Moves the fake clock by <paramref name="first"/>, then a minute at a time until the issue shows stopped: a
    /// watchdog tick that came too early (its timer not armed yet, or the agent's idle not recorded yet) is followed
    /// by another, as on a real clock, instead of the test waiting for a tick that never comes.
    /// </summary>
    /// <summary>
    /// The status comment can say "waiting" from before the first prompt was typed; the fake clock may jump only once the
    /// agent is idle after it, or a slow machine's agent still busy with it looks hung instead.
    /// </summary>
    private Task WaitUntilIdleAsync(int issue)
    {
        var supervisor = _host.GetRequiredService<Codemate.Sessions.ISessionSupervisor>();
        return Eventually.WaitAsync(
            () => Task.FromResult(supervisor.GetStatus(_world.Issue(issue)) == Codemate.Sessions.AgentStatus.Idle), $"the agent of #{issue} to be idle after its prompt");
    }

    private async Task<Codemate.Testing.GitHubDouble.DoubleComment> AdvanceUntilStoppedAsync(int issue, TimeSpan first)
    {
        _clock.Advance(first);
        await Eventually.WaitAsync(
            async () =>
            {
                if (_world.CodemateComments(issue).Any(c => c.Body.Contains("Stopped", StringComparison.Ordinal)))
                {
                    return true;
                }

                _clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Yield();
                return false;
            },
            "the budget to stop the agent");
        return await _world.WaitForStatusAsync(issue, b => b.Contains("Stopped", StringComparison.Ordinal), "stopped");
    }

    private Task<SessionRecord?> Record(int number) => _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(number), default);

    private async Task OpenIssueAsync(int number, string body)
    {
        _world.Remote.OpenIssue(number, body: body);
        using var response = await _github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "budget", number, "Fix the thing", body, TestWorld.Writer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
