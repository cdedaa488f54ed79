using System.Threading.Channels;

namespace Codemate.Hosting;

/// <summary>
/// Wakes <see cref="WorkDispatcher"/> when work was accepted. The work itself is read back from the state
/// store in sequence order, so this signal is bounded (one pending wake-up) and can never reorder or lose work.
/// </summary>
internal sealed class WorkQueue
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Says that new work is in the store.</summary>
    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Waits until <see cref="Notify"/> was called since the last wait.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        await _signal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until <see cref="Notify"/> was called since the last wait, or <paramref name="timeout"/> passed.</summary>
    /// <returns>Whether it was notified.</returns>
    public async ValueTask<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return true;
        }

        using var expiry = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            await _signal.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
