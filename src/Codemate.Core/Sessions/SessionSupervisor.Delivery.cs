using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

internal sealed partial class SessionSupervisor
{
    /// <summary>Put before a message whose earlier delivery was interrupted (a crash, a failed paste).</summary>
    internal const string PossibleRepeatNote = "(Codemate was interrupted while typing the message below, so you may have received it already. If you have, ignore this copy.)\n\n";

    private const int SubmitAttempts = 5;
    private static readonly TimeSpan SubmitWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SubmitPoll = TimeSpan.FromMilliseconds(25);

    /// <summary>Queues one check of <paramref name="session"/>; a check already waiting to start covers this request.</summary>
    private void Schedule(WatchedSession session)
    {
        if (Interlocked.Exchange(ref session.CheckQueued, 1) == 1)
        {
            return;
        }

        _background.Start(() => CheckAsync(session));
    }

    private async Task CheckAsync(WatchedSession session)
    {
        var token = _stopping.Token;
        try
        {
            await session.Gate.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            Volatile.Write(ref session.CheckQueued, 0);
            if (!_sessions.TryGetValue(session.Name, out var current) || !ReferenceEquals(current, session))
            {
                return;
            }

            await DeliverIfIdleAsync(session, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.CheckFailed(logger, session.Name, exception);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private async Task DeliverIfIdleAsync(WatchedSession session, CancellationToken cancellationToken)
    {
        var status = StatusFile.Read(session.StatusFile, out var read);
        if (read is AgentFileRead.NotRegular or AgentFileRead.TooLarge && !session.UnsafeStatusReported)
        {
            session.UnsafeStatusReported = true;
            Log.UnsafeStatusFile(logger, session.Name, read);
        }

        if (status == AgentStatus.Unknown)
        {
            // Empty or unreadable: the agent is rewriting the file in place, and that write raises another check.
            return;
        }

        if (status == AgentStatus.Failed)
        {
            if (session.Launched && !session.Started)
            {
                await EndAsync(session, StartFailure.FirstTurnFailed).ConfigureAwait(false);
                return;
            }

            // A later turn failed: the agent waits for input, as when idle.
            status = AgentStatus.Idle;
        }

        if (status == AgentStatus.Idle && session.Delivered)
        {
            session.Started = true;
        }

        SetStatus(session, status);
        if (status != AgentStatus.Idle || session.Held)
        {
            return;
        }

        var message = await store.PeekMessageAsync(session.Issue, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            return;
        }

        // A replica back from a pause longer than its lease still watches the sessions another replica took over, until
        // its heartbeat ends them: the queued text is that replica's agent's now, and must not be typed here. Only a
        // pause long enough for the lease to lapse, between this check and the paste, could let one message through.
        if (!await ownership.TryTakeAsync(session.Issue, cancellationToken).ConfigureAwait(false))
        {
            if (!session.TakenOverReported)
            {
                session.TakenOverReported = true;
                Log.NotDeliveringTakenOver(logger, session.Name, session.Issue.ToString());
            }

            return;
        }

        using var activity = Diagnostics.CodemateTelemetry.Source.StartActivity("codemate.agent.deliver", ActivityKind.Internal, session.Trace);
        Diagnostics.IssueTags.Set(activity, session.Issue);
        // From here the agent counts as busy, so the next message waits for the agent's own "idle".
        StatusFile.Write(session.StatusFile, StatusFile.Busy, sandbox.Enabled);
        var markedAt = AgentFile.LastWriteTimeUtc(session.StatusFile);
        SetStatus(session, AgentStatus.Busy);
        // Typing and removing cannot be one step: a crash between them types the message again. The mark makes the
        // repeat say so instead of looking like a new instruction.
        var text = message.Attempted ? PossibleRepeatNote + message.Text : message.Text;
        await store.MarkMessageAttemptedAsync(message.Sequence, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await host.SendTextAsync(session.Name, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing reached the agent: it is still idle, and the message stays queued for the next check.
            Log.DeliveryFailed(logger, session.Name, message.Sequence, exception);
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            if (StatusFile.Read(session.StatusFile) == AgentStatus.Busy)
            {
                StatusFile.Write(session.StatusFile, StatusFile.Idle, sandbox.Enabled);
                SetStatus(session, AgentStatus.Idle);
            }

            return;
        }

        session.Delivered = true;
        await store.RemoveMessageAsync(message.Sequence, CancellationToken.None).ConfigureAwait(false);
        metrics.TextDelivered(session.Issue);
        // Still inside the session's gate: the agent's "idle" after this turn is published after this event.
        events.Publish(new MessageDelivered(session.Issue, message.Sequence, message.Text));
        Log.Delivered(logger, session.Name, message.Sequence, message.Text.Length);
        if (profile.ConfirmsSubmit)
        {
            await ConfirmSubmittedAsync(session, markedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the agent to rewrite its status file, which it does when it takes the prompt, and presses Enter again
    /// while it has not: the Enter after a paste can reach an interactive program still busy with the paste, which
    /// then leaves the text in its input box. Another Enter on an empty input box does nothing.
    /// </summary>
    private async Task ConfirmSubmittedAsync(WatchedSession session, DateTime? markedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= SubmitAttempts; attempt++)
        {
            for (var waited = TimeSpan.Zero; waited < SubmitWait; waited += SubmitPoll)
            {
                if (AgentFile.LastWriteTimeUtc(session.StatusFile) != markedAt || StatusFile.Read(session.StatusFile) != AgentStatus.Busy)
                {
                    return;
                }

                await Task.Delay(SubmitPoll, time, cancellationToken).ConfigureAwait(false);
            }

            Log.Resubmitted(logger, session.Name, attempt);
            await host.PressEnterAsync(session.Name, cancellationToken).ConfigureAwait(false);
        }
    }
}
