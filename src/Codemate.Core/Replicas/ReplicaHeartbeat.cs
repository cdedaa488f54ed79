using System.Globalization;
using Codemate.Configuration;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Replicas;

/// <summary>
/// Every third of the lease, on replicas sharing a database: renews this replica's lease; stops what is left here of
/// sessions another live replica took over (this one was silent too long, or restarted); and takes the issues of
/// replicas that went silent, queueing <see cref="SessionInterrupted"/> work for each, which this replica then runs.
/// </summary>
internal sealed partial class ReplicaHeartbeat(
    IIssueOwnership ownership,
    IStateStore store,
    ISessionHost host,
    ISessionSupervisor sessions,
    WorkQueue queue,
    IOptions<CodemateOptions> options,
    TimeProvider time,
    ILogger<ReplicaHeartbeat> logger) : PeriodicService(time, logger)
{
    protected override TimeSpan Interval => options.Value.LeaseDuration / 3;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!ownership.Shared)
        {
            return;
        }

        await ownership.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TmuxException exception)
        {
            // tmux failing says nothing about whose sessions run here: the next round looks again; takeovers go on.
            Log.LeftoversUnknown(logger, exception);
        }

        await TakeOrphansAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sessions running here whose issue another live replica holds: that one runs the issue's agent now.</summary>
    private async Task StopLeftoversAsync(CancellationToken cancellationToken)
    {
        var local = await host.ListAsync(cancellationToken).ConfigureAwait(false);
        if (local.Count == 0)
        {
            return;
        }

        var snapshot = await ownership.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        // One read of the records every round, not one per local session.
        var records = (await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.SessionName, StringComparer.Ordinal);
        foreach (var name in local)
        {
            if (records.TryGetValue(name, out var record) && snapshot.IsElsewhere(record.Issue))
            {
                Log.StoppingLeftover(logger, name, record.Issue.ToString(), snapshot.OwnerOf(record.Issue)!);
                await sessions.AbandonAsync(record.Issue, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TakeOrphansAsync(CancellationToken cancellationToken)
    {
        foreach (var orphan in await ownership.OrphansAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await ownership.TryTakeAsync(orphan.Issue, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var record = await store.GetSessionAsync(orphan.Issue, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                continue;
            }

            Log.TakingOver(logger, orphan.Issue.Repository.FullName, orphan.Issue.Number, orphan.LastReplica ?? "none", ownership.ReplicaId);
            await store.EnqueueWorkAsync(
                new SessionInterrupted
                {
                    Issue = orphan.Issue,
                    Details = record.Details ?? new IssueDetails(string.Empty, string.Empty, string.Empty, string.Empty, []),
                    DeliveryId = string.Create(CultureInfo.InvariantCulture, $"codemate-takeover:{orphan.Issue}:{Time.GetUtcNow().UtcTicks}:{Guid.NewGuid():N}"),
                    Sender = new Actor("codemate", IsBot: true),
                    InstallationId = record.InstallationId,
                    PreviousReplica = orphan.LastReplica,
                },
                cancellationToken).ConfigureAwait(false);
            queue.Notify();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(9011, LogLevel.Warning, "Stopping what is left here of session {Session} ({Issue}): replica {Replica} runs that issue now")]
        public static partial void StoppingLeftover(ILogger logger, string session, string issue, string replica);

        [LoggerMessage(9013, LogLevel.Warning, "Could not list this host's agent sessions to stop what other replicas took over; looking again at the next heartbeat")]
        public static partial void LeftoversUnknown(ILogger logger, Exception exception);

        [LoggerMessage(9012, LogLevel.Warning, "Replica {Previous} stopped answering; replica {Replica} takes over {Repository}#{Issue}")]
        public static partial void TakingOver(ILogger logger, string repository, int issue, string previous, string replica);
    }
}
