using System.Threading.Channels;
using Codemate.State;

namespace Codemate.Hosting;

/// <summary>
/// Hands accepted work from the request thread to <see cref="WorkDispatcher"/>. The durable copy is in the
/// state store, so this channel only needs to wake the dispatcher; it never blocks a webhook.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<PendingWork> _channel = Channel.CreateUnbounded<PendingWork>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public ChannelReader<PendingWork> Reader => _channel.Reader;

    public void Enqueue(PendingWork work) => _channel.Writer.TryWrite(work);
}
