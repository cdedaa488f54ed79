using System.Collections.Concurrent;
using System.Threading.Channels;
using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>
/// The one ordered channel from the session runtime (and the workflow's own requests) to the consumer that acts on
/// them. Unbounded: a writer is on the delivery path and must never wait; events are small and the consumer keeps up.
/// It counts each issue's events not yet consumed, so the consumer can tell that a later event for the same issue
/// will refresh its status comment anyway.
/// </summary>
internal sealed class SessionEventChannel
{
    private readonly Channel<SessionEvent> _channel = Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<IssueKey, int> _pending = new();

    public ChannelReader<SessionEvent> Reader => _channel.Reader;

    /// <summary>Adds <paramref name="sessionEvent"/>; after <see cref="Complete"/> it is dropped (the host is stopping).</summary>
    public void Publish(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        _pending.AddOrUpdate(sessionEvent.Issue, 1, (_, count) => count + 1);
        if (!_channel.Writer.TryWrite(sessionEvent))
        {
            _pending.AddOrUpdate(sessionEvent.Issue, 0, (_, count) => count - 1);
        }
    }

    /// <summary>Marks <paramref name="sessionEvent"/> as taken by the consumer.</summary>
    /// <returns>Whether it is the issue's last event waiting: no later one is in the channel.</returns>
    public bool Consumed(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        if (_pending.AddOrUpdate(sessionEvent.Issue, 0, (_, count) => count - 1) > 0)
        {
            return false;
        }

        // Only removed while still 0, so a Publish racing with this keeps its count.
        _pending.TryRemove(new KeyValuePair<IssueKey, int>(sessionEvent.Issue, 0));
        return true;
    }

    /// <summary>No more events: the consumer finishes what is in the channel and ends.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
