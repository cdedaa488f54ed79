using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Usage;
using Codemate.Workflow;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Workflow;

/// <summary>A repository over its daily budget gets no slot and holds no place in the queue for other repositories.</summary>
public sealed class DailyBudgetSlotTests : IDisposable
{
    private static readonly RepositoryName Spent = RepositoryName.Create("octo", "spent");
    private static readonly RepositoryName Fresh = RepositoryName.Create("octo", "fresh");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _root = new("daily-budget-slots");
    private readonly SqliteStateStore _store;
    private readonly DailyBudget _budget;
    private readonly SessionSlots _slots;

    public DailyBudgetSlotTests()
    {
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { WorkspacesRoot = _root.Path }), _clock);
        _budget = new DailyBudget(_store, Options.Create(new WorkflowOptions { MaxDailyCostUsdPerRepository = 5m }), _clock);
        _slots = new SessionSlots(
            _store, new SessionLifecycle(_store), Substitute.For<ISessionSupervisor>(), _budget,
            Options.Create(new TriggerPolicyOptions { MaxConcurrentSessions = 1 }), _clock, Codemate.Replicas.SoleReplica.Instance);
    }

    [Fact]
    public async Task Issues_of_a_repository_over_its_daily_budget_wait_and_the_next_repository_s_issue_starts_before_them()
    {
        await SaveAsync(new IssueKey(Spent, 1), SessionState.Stopped, spentToday: 6m);
        var waiting = await SaveAsync(new IssueKey(Spent, 2), SessionState.Queued);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var behind = await SaveAsync(new IssueKey(Fresh, 1), SessionState.Queued);

        var (ready, waitingForBudget) = await _slots.ReadyAsync(CancellationToken.None);
        Assert.Equal([behind.Issue], ready.Select(r => r.Issue));
        Assert.Equal([waiting.Issue], waitingForBudget.Select(r => r.Issue));
        Assert.Contains("daily budget of $5.00", await _budget.ReasonAsync(Spent, CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await _budget.ReasonAsync(Fresh, CancellationToken.None));

        var (spentStarted, _) = await _slots.ClaimAsync(waiting, waiting, r => r, CancellationToken.None);
        var (freshStarted, _) = await _slots.ClaimAsync(behind, behind, r => r, CancellationToken.None);

        Assert.False(spentStarted);
        Assert.True(freshStarted);
    }

    [Fact]
    public async Task A_new_UTC_day_gives_the_repository_its_budget_again()
    {
        await SaveAsync(new IssueKey(Spent, 1), SessionState.Stopped, spentToday: 6m);
        var waiting = await SaveAsync(new IssueKey(Spent, 2), SessionState.Queued);

        _clock.Advance(TimeSpan.FromHours(12));

        Assert.Null(await _budget.ReasonAsync(Spent, CancellationToken.None));
        Assert.Equal([waiting.Issue], (await _slots.ReadyAsync(CancellationToken.None)).Ready.Select(r => r.Issue));
        Assert.True((await _slots.ClaimAsync(waiting, waiting, r => r, CancellationToken.None)).Started);
    }

    private async Task<SessionRecord> SaveAsync(IssueKey issue, SessionState state, decimal spentToday = 0)
    {
        var record = new SessionRecord
        {
            Issue = issue,
            SessionName = SessionNames.For(issue),
            Branch = issue.Branch,
            State = state,
            CreatedAt = _clock.GetUtcNow(),
            QueuedAt = state == SessionState.Queued ? _clock.GetUtcNow() : null,
            Usage = spentToday == 0 ? null : new SessionUsage
            {
                Tokens = new TokenCounts(1, 1, 0, 0),
                EstimatedCostUsd = spentToday,
                CostUsdByUtcDay = new Dictionary<string, decimal> { [DailyCost.DayOf(_clock.GetUtcNow())] = spentToday },
            },
        };
        Assert.True(await _store.TryCreateSessionAsync(record, CancellationToken.None));
        return record;
    }

    public void Dispose()
    {
        _slots.Dispose();
        _store.Dispose();
        _root.Dispose();
    }
}
