using System.Collections.Concurrent;
using System.Globalization;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

/// <summary>
/// Starts queued issues when slots are free: enqueues a <see cref="QueuedIssueReady"/> for the next ones in the durable
/// work queue (Codemate's own work: no delivery id is recorded for it), so each runs in order with the issue's other
/// work and survives a restart. The workflow moves them from <see cref="SessionState.Queued"/> to
/// <see cref="SessionState.Preparing"/> and refreshes the status comments of those still waiting. An issue whose
/// repository spent its daily budget is left queued; the watchdog's first round of the next UTC day promotes it. Either
/// change refreshes its status comment.
/// </summary>
internal sealed partial class QueuePromoter(
    IStateStore store,
    SessionSlots slots,
    WorkQueue queue,
    Status.StatusReporter status,
    Replicas.IIssueOwnership ownership,
    TimeProvider time,
    ILogger<QueuePromoter> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<IssueKey, byte> _inFlight = new();
    private HashSet<IssueKey> _waitingForBudget = [];

    public async Task PromoteAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (queued, waitingForBudget) = await slots.ReadyAsync(cancellationToken).ConfigureAwait(false);
            RefreshBudgetWaits(waitingForBudget);
            if (queued.Count == 0)
            {
                return;
            }

            var free = await slots.FreeAsync(_inFlight.Count, cancellationToken).ConfigureAwait(false);
            foreach (var record in queued.Where(r => !_inFlight.ContainsKey(r.Issue)))
            {
                if (free == 0)
                {
                    break;
                }

                // The queue is shared by replicas: the one that takes the issue starts it; the others leave it.
                if (!await ownership.TryTakeAsync(record.Issue, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                free--;
                var work = new QueuedIssueReady
                {
                    Issue = record.Issue,
                    Details = record.Details ?? new IssueDetails(string.Empty, string.Empty, string.Empty, string.Empty, []),
                    DeliveryId = string.Create(CultureInfo.InvariantCulture, $"codemate-queue:{record.Issue}:{time.GetUtcNow().UtcTicks}:{Guid.NewGuid():N}"),
                    Sender = new Actor("codemate", IsBot: true),
                    InstallationId = record.InstallationId,
                };
                _inFlight[record.Issue] = 0;
                await store.EnqueueWorkAsync(work, cancellationToken).ConfigureAwait(false);
                queue.Notify();
                Log.Promoted(logger, record.Issue.Repository.FullName, record.Issue.Number);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Queued issues whose repository just spent its daily budget, or whose budget just started again, say so on their
    /// status comments: nothing else about them changed, so nothing else would refresh them.
    /// </summary>
    private void RefreshBudgetWaits(IReadOnlyList<SessionRecord> waiting)
    {
        var now = waiting.Select(r => r.Issue).ToHashSet();
        foreach (var issue in now.Except(_waitingForBudget).Concat(_waitingForBudget.Except(now)))
        {
            status.RequestRefresh(issue);
        }

        _waitingForBudget = now;
    }

    /// <summary>The workflow handled the issue's <see cref="QueuedIssueReady"/> (started it or queued it again).</summary>
    public void Handled(IssueKey issue) => _inFlight.TryRemove(issue, out _);

    public void Dispose() => _gate.Dispose();

    private static partial class Log
    {
        [LoggerMessage(8101, LogLevel.Information, "A session slot is free; starting queued {Repository}#{Issue}")]
        public static partial void Promoted(ILogger logger, string repository, int issue);
    }
}
