using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Workflow.Reviews;
using Codemate.Workflow.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

/// <summary>
/// The one consumer of the <see cref="SessionEventChannel"/>: turns what the session runtime saw into the issue's
/// story, one event at a time and in order. An agent that went idle after working gets its commits pushed; a tmux
/// session that is gone ends the session (wrap-up, status comment, the freed slot to the queue); a review comment typed
/// into the agent is answered in its thread at the agent's next idle, after the push (<see cref="ReviewReplies"/>), and pull
/// request feedback typed in stops counting as waiting (<see cref="FeedbackWaiting"/>); anything else
/// refreshes the status comment, unless a later event for the same issue is already waiting and will. An agent that
/// finished a turn also has its usage read, and a budget it crossed stops its session. Events published before this
/// starts wait in the channel; stopping the host waits for the event in hand.
/// </summary>
internal sealed partial class SessionEventConsumer(
    SessionEventChannel events,
    IdlePush pushes,
    UsageBudget usage,
    ReviewReplies replies,
    FeedbackWaiting feedback,
    SessionActivity activity,
    StatusReporter reporter,
    SessionStopper stopper,
    ILogger<SessionEventConsumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var sessionEvent in events.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var last = events.Consumed(sessionEvent);
                try
                {
                    await HandleAsync(sessionEvent, last, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.HandleFailed(logger, sessionEvent.GetType().Name, sessionEvent.Issue.Repository.FullName, sessionEvent.Issue.Number, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(SessionEvent sessionEvent, bool last, CancellationToken cancellationToken)
    {
        var issue = sessionEvent.Issue;
        if (sessionEvent is AgentStatusChanged changed)
        {
            activity.Changed(issue, changed.Previous, changed.Current, changed.At);
            if (changed.Current == AgentStatus.Exited)
            {
                await stopper.ExitedAsync(issue, changed.Exit, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (changed is { Current: AgentStatus.Idle, Previous: AgentStatus.Busy })
            {
                // The commit count changed, or a review thread was answered: refresh even if more events are waiting.
                last |= await pushes.PushAsync(issue, cancellationToken).ConfigureAwait(false);
                last |= await replies.AnswerAsync(issue, cancellationToken).ConfigureAwait(false);
                await feedback.AnsweredAsync(issue, cancellationToken).ConfigureAwait(false);
            }

            if (changed.Current == AgentStatus.Idle && await CheckUsageAsync(issue, cancellationToken).ConfigureAwait(false))
            {
                // A turn ended and its usage is in the transcript now: show it even if more events are waiting.
                last = true;
            }
        }
        else if (sessionEvent is MessageDelivered delivered)
        {
            await replies.DeliveredAsync(issue, delivered.Text, cancellationToken).ConfigureAwait(false);
            // The count of feedback waiting changed: refresh even if more events are waiting (a stop may have refreshed already).
            last |= await feedback.DeliveredAsync(issue, delivered.Text, cancellationToken).ConfigureAwait(false);
        }

        if (last)
        {
            await reporter.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>Whether the usage changed. A failure is logged: the push and the status comment still go ahead.</returns>
    private async Task<bool> CheckUsageAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        try
        {
            return await usage.CheckAsync(issue, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.UsageFailed(logger, issue.Repository.FullName, issue.Number, exception);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8301, LogLevel.Warning, "Could not act on {Event} for {Repository}#{Issue}")]
        public static partial void HandleFailed(ILogger logger, string @event, string repository, int issue, Exception exception);

        [LoggerMessage(8302, LogLevel.Warning, "Could not read the usage of the agent of {Repository}#{Issue}")]
        public static partial void UsageFailed(ILogger logger, string repository, int issue, Exception exception);
    }
}
