using Codemate.Issues;
using Codemate.State;

namespace Codemate.Hosting;

/// <summary>Replicas sharing the queue: an issue's work runs where the issue was taken, and is let go when done.</summary>
internal sealed partial class WorkDispatcher
{
    /// <summary>
    /// How often a replica sharing the queue reads it all again when nothing woke it: work accepted elsewhere wakes it at
    /// once (LISTEN/NOTIFY), so this only finds work another replica left, within a fraction of the lease.
    /// </summary>
    private TimeSpan RereadInterval => TimeSpan.FromTicks(Math.Min(options.Value.LeaseDuration.Ticks / 3, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>Takes the issue for this replica; <see langword="false"/> when another live replica holds it (or the store failed).</summary>
    private async Task<bool> TakeAsync(IssueKey issue, CancellationToken stoppingToken)
    {
        try
        {
            return await ownership.TryTakeAsync(issue, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Left in the store: the next full read tries again.
            Log.TakeFailed(logger, issue.Repository.FullName, issue.Number, exception);
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// With the issue's work done, lets it go unless its agent is starting or running here: any replica may then run its
    /// next work, and the queue of waiting issues is served by whichever replica has a free slot.
    /// </summary>
    private async Task LetGoAsync(IssueKey issue, CancellationToken stoppingToken)
    {
        if (!ownership.Shared)
        {
            return;
        }

        try
        {
            var record = await store.GetSessionAsync(issue, stoppingToken).ConfigureAwait(false);
            if (record is not { State: SessionState.Preparing or SessionState.Running })
            {
                await ownership.ReleaseAsync(issue, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Kept, then: this replica runs its next work too.
            Log.ReleaseFailed(logger, issue.Repository.FullName, issue.Number, exception);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Another replica holds the issue: its work stays in the store for that one, and is read again later.</summary>
    private void LeaveToOwner(IssueKey issue)
    {
        lock (_lock)
        {
            if (_perIssue.Remove(issue, out var waiting))
            {
                foreach (var left in waiting)
                {
                    _scheduled.Remove(left.Sequence);
                    _held--;
                }
            }
        }
    }
}
