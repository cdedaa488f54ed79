using Codemate.Issues;
using Codemate.Policy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Policy;

public sealed class FloodGuardTests
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "widgets"), 7);
    private static readonly IssueKey OtherIssue = new(RepositoryName.Create("octo", "widgets"), 8);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<FloodGuard> _logger = new();

    [Fact]
    public void Comments_up_to_the_limit_are_forwarded_and_the_next_is_dropped()
    {
        var guard = Guard(limit: 3);

        Assert.True(guard.TryForward(Issue).IsAllowed);
        Assert.True(guard.TryForward(Issue).IsAllowed);
        var third = guard.TryForward(Issue);
        var fourth = guard.TryForward(Issue);

        Assert.Equal(3, third.Forwarded);
        Assert.False(fourth.IsAllowed);
        Assert.Equal(3, fourth.Limit);
    }

    [Fact]
    public void The_caller_is_told_to_inform_the_user_only_on_the_first_dropped_comment()
    {
        var guard = Guard(limit: 1);
        guard.TryForward(Issue);

        var first = guard.TryForward(Issue);
        var second = guard.TryForward(Issue);

        Assert.True(first.IsFirstDropInWindow);
        Assert.False(second.IsFirstDropInWindow);
        Assert.Equal(2, second.DroppedInARow);
        Assert.Contains("the limit is 1", first.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_window_slides_so_a_comment_is_forwarded_again_once_the_oldest_is_an_hour_old()
    {
        var guard = Guard(limit: 2);
        guard.TryForward(Issue);
        _time.Advance(TimeSpan.FromMinutes(30));
        guard.TryForward(Issue);

        _time.Advance(TimeSpan.FromMinutes(20));
        var blocked = guard.TryForward(Issue);
        Assert.False(blocked.IsAllowed);
        Assert.Equal(TimeSpan.FromMinutes(10), blocked.RetryAfter);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(guard.TryForward(Issue).IsAllowed);
        Assert.False(guard.TryForward(Issue).IsAllowed);
    }

    [Fact]
    public void Dropped_comments_do_not_extend_the_window()
    {
        var guard = Guard(limit: 1);
        guard.TryForward(Issue);
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(5));
            guard.TryForward(Issue);
        }

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.True(guard.TryForward(Issue).IsAllowed);
    }

    [Fact]
    public void Each_issue_has_its_own_window()
    {
        var guard = Guard(limit: 1);
        guard.TryForward(Issue);

        Assert.False(guard.TryForward(Issue).IsAllowed);
        Assert.True(guard.TryForward(OtherIssue).IsAllowed);
    }

    [Fact]
    public void A_dropped_comment_is_logged_with_the_issue_and_the_limit()
    {
        var guard = Guard(limit: 1);
        guard.TryForward(Issue);
        guard.TryForward(Issue);

        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(7101, record.Id.Id);
        Assert.Contains("octo/widgets#7", record.Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 1", record.Message, StringComparison.Ordinal);
    }

    private FloodGuard Guard(int limit) =>
        new(Options.Create(new TriggerPolicyOptions { MaxCommentsPerHour = limit }), _time, _logger);
}
