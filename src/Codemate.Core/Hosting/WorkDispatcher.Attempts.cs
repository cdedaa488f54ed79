using System.Diagnostics;
using Codemate.Diagnostics;
using Codemate.State;
using Codemate.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Hosting;

/// <summary>
/// One item of work from its first attempt to its end: handled and removed from the queue, or parked. Every failure
/// (the handler throwing, the store refusing to remove the finished work) is tried again after a back-off that holds
/// no concurrency slot; only shutdown leaves the work where it is, queued in the store for the next start.
/// </summary>
internal sealed partial class WorkDispatcher
{
    private const string CompleteStep = "remove finished work from the queue";
    private const string ParkStep = "park work that failed";

    /// <returns><see langword="false"/> when shutdown interrupted the work (it stays queued in the store).</returns>
    private async Task<bool> ProcessAsync(PendingWork pending, CancellationToken stoppingToken)
    {
        var maxAttempts = options.Value.WorkMaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            try
            {
                await _slots!.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            try
            {
                failure = await HandleAsync(pending, attempt, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                Log.Interrupted(logger, pending.Work.Issue.Repository.FullName, pending.Work.Issue.Number);
                return false;
            }
            finally
            {
                _slots.Release();
            }

            if (failure is null)
            {
                return await CompleteAsync(pending, stoppingToken).ConfigureAwait(false);
            }

            var work = pending.Work;
            metrics.WorkFailed(work.GetType().Name);
            if (attempt >= maxAttempts)
            {
                Log.HandlerFailed(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, attempt, maxAttempts, failure);
                return await ParkAsync(pending, attempt, $"{FailureReason.Kind(failure)} on every attempt", stoppingToken).ConfigureAwait(false);
            }

            var delay = WorkBackOff.After(attempt, options.Value.WorkRetryDelay);
            Log.HandlerFailedRetrying(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, attempt, maxAttempts, delay, failure);
            if (!await WorkBackOff.WaitAsync(delay, time, stoppingToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    /// <returns>What the handler threw, or <see langword="null"/> when it returned.</returns>
    private async Task<Exception?> HandleAsync(PendingWork pending, int attempt, CancellationToken stoppingToken)
    {
        using var activity = StartActivity(pending, attempt);
        try
        {
            var scope = scopes.CreateAsyncScope();
            await using var _ = scope.ConfigureAwait(false);
            var handler = scope.ServiceProvider.GetRequiredService<IIssueHandler>();
            await handler.HandleAsync(pending.Work, stoppingToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // One failing issue must never stop the others.
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            return exception;
        }
    }

    /// <summary>
    /// The span of one attempt at <paramref name="pending"/>: a child of the span that accepted it, whose context the
    /// store kept, so one trace goes from the webhook through the queue into git and tmux, across a restart and every
    /// retry too.
    /// </summary>
    private static Activity? StartActivity(PendingWork pending, int attempt)
    {
        var parent = ActivityContext.TryParse(pending.TraceParent, traceState: null, isRemote: true, out var context) ? context : default;
        var activity = CodemateTelemetry.Source.StartActivity("codemate.work", ActivityKind.Consumer, parent);
        IssueTags.Set(activity, pending.Work.Issue, pending.Work.DeliveryId);
        activity?.SetTag(TelemetryTags.Work, pending.Work.GetType().Name);
        activity?.SetTag(TelemetryTags.Attempt, attempt);
        return activity;
    }

    /// <summary>Removes handled work from the queue; after every attempt failed, parks it so it cannot run again unasked.</summary>
    private async Task<bool> CompleteAsync(PendingWork pending, CancellationToken stoppingToken)
    {
        var maxAttempts = options.Value.WorkMaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.CompleteWorkAsync(pending.Sequence, CancellationToken.None).ConfigureAwait(false);
                health.StoreAnswered(CompleteStep);
                return true;
            }
            catch (Exception exception)
            {
                health.StoreFailed(CompleteStep);
                Log.CompleteFailed(logger, pending.Work.Issue.Repository.FullName, pending.Work.Issue.Number, attempt, maxAttempts, exception);
            }

            if (attempt >= maxAttempts)
            {
                if (!await ParkAsync(pending, attempt, "it was handled, but the state store failed to remove it from the queue", stoppingToken).ConfigureAwait(false))
                {
                    return false;
                }

                // Accounted for now: the health check counts it as parked.
                health.StoreAnswered(CompleteStep);
                return true;
            }

            if (!await WorkBackOff.WaitAsync(WorkBackOff.After(attempt, options.Value.WorkRetryDelay), time, stoppingToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    /// <summary>Moves the work to the parked list; a store that cannot do even that is tried until it can, or shutdown.</summary>
    private async Task<bool> ParkAsync(PendingWork pending, int attempts, string reason, CancellationToken stoppingToken)
    {
        var work = pending.Work;
        for (var tries = 1; ; tries++)
        {
            try
            {
                await store.ParkWorkAsync(pending, attempts, reason, CancellationToken.None).ConfigureAwait(false);
                health.StoreAnswered(ParkStep);
                metrics.WorkParked(work.GetType().Name);
                Log.Parked(logger, work.GetType().Name, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, attempts, reason);
                return true;
            }
            catch (Exception exception)
            {
                health.StoreFailed(ParkStep);
                Log.ParkFailed(logger, work.Issue.Repository.FullName, work.Issue.Number, exception);
            }

            if (!await WorkBackOff.WaitAsync(WorkBackOff.After(tries, options.Value.WorkRetryDelay), time, stoppingToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }
}
