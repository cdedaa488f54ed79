using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Workflow;
using NSubstitute;

namespace Codemate.Core.Tests.Workflow;

public sealed class SessionActivityTests
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "widgets"), 5);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Written = Now.AddMinutes(-20);
    private readonly ISessionSupervisor _sessions = Substitute.For<ISessionSupervisor>();

    [Fact]
    public void An_idle_the_watchdog_sees_first_counts_from_when_the_agent_wrote_it()
    {
        // The status event came before anyone listened (start-up): the watchdog's first look is the first sight.
        _sessions.GetStatusReportedAt(Issue).Returns(Written);

        Assert.Equal(Written, new SessionActivity(_sessions).Since(Issue, AgentStatus.Idle, Now));
    }

    [Fact]
    public void An_idle_the_status_event_reports_first_counts_from_when_the_agent_wrote_it()
    {
        _sessions.GetStatusReportedAt(Issue).Returns(Written);
        var activity = new SessionActivity(_sessions);

        activity.Changed(Issue, AgentStatus.Unknown, AgentStatus.Idle, Now);

        Assert.Equal(Written, activity.Since(Issue, AgentStatus.Idle, Now.AddMinutes(5)));
    }

    [Fact]
    public void A_change_seen_as_it_happens_counts_from_then()
    {
        _sessions.GetStatusReportedAt(Issue).Returns(Written);
        var activity = new SessionActivity(_sessions);

        activity.Changed(Issue, AgentStatus.Busy, AgentStatus.Idle, Now);

        Assert.Equal(Now, activity.Since(Issue, AgentStatus.Idle, Now.AddMinutes(5)));
    }

    [Fact]
    public void An_idle_the_watchdog_sees_before_its_event_arrives_counts_from_when_the_agent_wrote_it()
    {
        // Busy was recorded; the idle that followed is still in the event channel when the watchdog looks.
        _sessions.GetStatusReportedAt(Issue).Returns(Written);
        var activity = new SessionActivity(_sessions);
        activity.Changed(Issue, AgentStatus.Idle, AgentStatus.Busy, Written.AddMinutes(-1));

        Assert.Equal(Written, activity.Since(Issue, AgentStatus.Idle, Now));
    }

    [Fact]
    public void A_busy_agent_or_a_file_time_in_the_future_counts_from_now()
    {
        _sessions.GetStatusReportedAt(Issue).Returns(Written);
        Assert.Equal(Now, new SessionActivity(_sessions).Since(Issue, AgentStatus.Busy, Now));

        _sessions.GetStatusReportedAt(Issue).Returns(Now.AddMinutes(1));
        Assert.Equal(Now, new SessionActivity(_sessions).Since(Issue, AgentStatus.Idle, Now));
    }
}
