using Codemate.Issues;
using Codemate.Sessions;

namespace Codemate.Core.Tests.Sessions;

public sealed class SessionEventChannelTests
{
    private static readonly IssueKey First = new(RepositoryName.Create("o", "r"), 1);
    private static readonly IssueKey Second = new(RepositoryName.Create("o", "r"), 2);

    [Fact]
    public async Task Events_published_before_anyone_reads_come_out_in_order()
    {
        var channel = new SessionEventChannel();
        channel.Publish(Changed(First, AgentStatus.Idle));
        channel.Publish(new StatusRefreshRequested(Second));
        channel.Publish(Changed(First, AgentStatus.Busy));
        channel.Complete();

        var read = new List<SessionEvent>();
        await foreach (var sessionEvent in channel.Reader.ReadAllAsync())
        {
            read.Add(sessionEvent);
        }

        Assert.Equal([Changed(First, AgentStatus.Idle), new StatusRefreshRequested(Second), Changed(First, AgentStatus.Busy)], read);
    }

    [Fact]
    public async Task Only_an_issues_last_waiting_event_is_its_last()
    {
        var channel = new SessionEventChannel();
        channel.Publish(Changed(First, AgentStatus.Idle));
        channel.Publish(Changed(Second, AgentStatus.Idle));
        channel.Publish(Changed(First, AgentStatus.Busy));

        var lasts = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            lasts.Add(channel.Consumed(await channel.Reader.ReadAsync()));
        }

        Assert.Equal([false, true, true], lasts);
        channel.Publish(Changed(First, AgentStatus.Idle));
        Assert.True(channel.Consumed(await channel.Reader.ReadAsync()));
    }

    [Fact]
    public void After_completion_a_published_event_is_dropped_without_an_error()
    {
        var channel = new SessionEventChannel();
        channel.Complete();

        channel.Publish(Changed(First, AgentStatus.Idle));

        Assert.False(channel.Reader.TryRead(out _));
    }

    private static AgentStatusChanged Changed(IssueKey issue, AgentStatus status) =>
        new(issue, "s", AgentStatus.Unknown, status, DateTimeOffset.UnixEpoch);
}
