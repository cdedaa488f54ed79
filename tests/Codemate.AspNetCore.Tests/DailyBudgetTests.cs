using Codemate.AspNetCore.Tests.Security;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;
using Codemate.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.AspNetCore.Tests;

/// <summary>
/// CODEMATE_MAX_DAILY_COST_USD_PER_REPOSITORY on a fake clock: the turn that spends a repository's budget for the UTC
/// day stops its agent, its next issue waits in the queue (across a restart) and starts after midnight UTC.
/// </summary>
public sealed class DailyBudgetTests : IAsyncLifetime
{
    // One dollar per input token of the scripted agent's model, so [[usage 600]] costs $600.
    private const string Prices = """{"taken":"test","per_million_tokens":{"scripted-model":{"input":1000000,"output":0,"cache_write":0,"cache_read":0}}}""";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(22), TimeSpan.Zero));
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync("octo", "daily");
        await File.WriteAllTextAsync(_world.Root.Combine("prices.json"), Prices);
        await StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_repository_that_spent_its_daily_budget_stops_its_agent_and_queues_its_issues_until_midnight_UTC_across_a_restart()
    {
        var today = Codemate.Usage.DailyCost.DayOf(_clock.GetUtcNow());
        var flow = new Flow(_world, _host);
        await flow.OpenIssueAsync(1, "Work on it. [[usage 100]]");
        await _world.AgentLog(1).WaitForMessagesAsync(1);
        await _world.WaitForStatusAsync(1, b => b.Contains("about $100.00", StringComparison.Ordinal), "the first turn's cost");
        await flow.OpenIssueAsync(2, "Something else.");
        await _world.WaitForStatusAsync(2, b => b.Contains("Queued (position 1)", StringComparison.Ordinal), "the issue to wait for the one slot");

        await flow.CommentAsync(1, "Go on. [[usage 500]]", 11);

        var stopped = await _world.WaitForStatusAsync(1, b => b.Contains("Stopped", StringComparison.Ordinal), "the daily budget to stop the agent");
        Assert.Contains("this repository's agents cost about $600.00 today (UTC), reaching its daily budget of $500.00", stopped.Body, StringComparison.Ordinal);
        Assert.Contains(EnvironmentVariables.MaxDailyCostUsdPerRepository, stopped.Body, StringComparison.Ordinal);
        Assert.Equal(600m, (await Record(1))!.Usage!.CostUsdByUtcDay[today]);
        // The slot issue 1 freed is not this repository's to take today.
        var queued = await _world.WaitForStatusAsync(2, b => b.Contains("Queued until the next day", StringComparison.Ordinal), "the issue to wait for the next day");
        Assert.Contains($"Work starts after {_clock.GetUtcNow().UtcDateTime.Date.AddDays(1):yyyy-MM-dd} 00:00 UTC", queued.Body, StringComparison.Ordinal);
        Assert.Equal(SessionState.Queued, (await Record(2))!.State);

        // What was spent is read from the store, so a restart does not forget it.
        await _host.DisposeAsync();
        await StartHostAsync();
        Assert.NotNull(await _host.GetRequiredService<DailyBudget>().ReasonAsync(_world.Repository, CancellationToken.None));
        Assert.Equal(SessionState.Queued, (await Record(2))!.State);

        _clock.Advance(TimeSpan.FromHours(2));
        await Eventually.WaitAsync(
            async () =>
            {
                if ((await Record(2))!.State == SessionState.Running)
                {
                    return true;
                }

                // A watchdog round that came before its timer was armed is followed by another, as on a real clock.
                _clock.Advance(TimeSpan.FromSeconds(30));
                await Task.Yield();
                return false;
            },
            "the queued issue to start on the next UTC day");
        await _world.AgentLog(2).WaitForMessagesAsync(1);
        Assert.Null(await _host.GetRequiredService<DailyBudget>().ReasonAsync(_world.Repository, CancellationToken.None));
    }

    private async Task StartHostAsync()
    {
        _host = await _world.StartHostAsync(
            s =>
            {
                s[EnvironmentVariables.PricesFile] = _world.Root.Combine("prices.json");
                s[EnvironmentVariables.MaxDailyCostUsdPerRepository] = "500";
                s[EnvironmentVariables.MaxConcurrentSessions] = "1";
            },
            services: s => s.AddSingleton<TimeProvider>(_clock));
    }

    private Task<SessionRecord?> Record(int number) => _host.GetRequiredService<IStateStore>().GetSessionAsync(_world.Issue(number), default);
}
