using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Codemate.Workflow.Commands;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    private async Task RunCommandAsync(IssueCommentCreated comment, CodemateCommand command, CancellationToken cancellationToken)
    {
        var issue = comment.Issue;
        Log.Command(logger, command.Kind.ToString(), comment.Author.Login, issue.Repository.FullName, issue.Number);
        if (command.Kind == CodemateCommandKind.Retry && await RequeueParkedAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (command.Kind == CodemateCommandKind.Discard)
        {
            await DiscardParkedAsync(issue, comment.Author.Login, cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        switch (command.Kind)
        {
            case CodemateCommandKind.Stop when record is not null:
                await stopper.StopAsync(issue, $"@{comment.Author.Login} asked to stop (`/codemate stop`).", closed: false, finished: false, cancellationToken).ConfigureAwait(false);
                break;
            case CodemateCommandKind.Start or CodemateCommandKind.Retry when record is { State: SessionState.Queued }:
                await status.ShowNoteAsync(issue, "Already queued: the session starts as soon as a slot is free.", cancellationToken).ConfigureAwait(false);
                break;
            case CodemateCommandKind.Start:
                await StartCommandAsync(comment, record, cancellationToken).ConfigureAwait(false);
                break;
            case CodemateCommandKind.Retry:
                await RetryAsync(comment, record, cancellationToken).ConfigureAwait(false);
                break;
            case CodemateCommandKind.Status:
                status.SetNote(issue, null);
                await status.RefreshAsync(issue, force: true, cancellationToken).ConfigureAwait(false);
                break;
            case CodemateCommandKind.Unknown:
                await status.ShowNoteAsync(issue, $"`/codemate {command.Word}` is not a command; use `/codemate start`, `/codemate stop`, `/codemate retry`, `/codemate discard` or `/codemate status`.", cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// <c>/codemate start</c>: the commenter, who may steer, vouches for the issue's text as this comment's event shows
    /// it, and the agent starts on it unless one is already working.
    /// </summary>
    private async Task StartCommandAsync(IssueCommentCreated comment, SessionRecord? record, CancellationToken cancellationToken)
    {
        var issue = comment.Issue;
        if (record is { State: SessionState.Preparing }
            || (record is { State: SessionState.Running } && await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false)))
        {
            await status.ShowNoteAsync(issue, "The agent is already working on this issue; other comments go to it.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (await CheckStartAsync(comment, record, VouchKind.StartCommand, cancellationToken).ConfigureAwait(false) is { } grant)
        {
            await RunAgentAsync(comment, record, grant, message: null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A fresh agent session in the same workspace: the old one ends, its undelivered text is dropped, the issue is sent again.</summary>
    private async Task RetryAsync(IssueCommentCreated comment, SessionRecord? record, CancellationToken cancellationToken)
    {
        var issue = comment.Issue;
        // Checked before anything ends: text nobody vouched for must not cost the running session either.
        if (await CheckStartAsync(comment, record, vouch: null, cancellationToken).ConfigureAwait(false) is not { } grant)
        {
            return;
        }

        if (record is not null)
        {
            // Not "live" any more before tmux ends, so the exit is not taken for the agent finishing.
            var now = time.GetUtcNow();
            record = await lifecycle.TryTransitionAsync(issue, record.State, SessionState.Stopped, current => current with { LastError = "restarting (`/codemate retry`).", UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                Log.ChangedWhileStarting(logger, issue.Repository.FullName, issue.Number);
                return;
            }

            await sessions.StopSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in await store.GetMessagesAsync(issue, cancellationToken).ConfigureAwait(false))
        {
            await store.RemoveMessageAsync(message.Sequence, cancellationToken).ConfigureAwait(false);
        }

        await RunAgentAsync(comment, record, grant, message: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>/codemate retry</c> on an issue with parked work runs that work again, in its order, right after this command:
    /// what failed is what is retried. The session is left as it is; a second <c>/codemate retry</c> restarts it.
    /// </summary>
    private async Task<bool> RequeueParkedAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var count = await store.RequeueParkedWorkAsync(issue, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return false;
        }

        queue.Notify();
        Log.RequeuedParked(logger, count, issue.Repository.FullName, issue.Number);
        await status.ShowNoteAsync(issue, count == 1 ? "Running the event that failed before again (`/codemate retry`)." : $"Running the {count} events that failed before again (`/codemate retry`).", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// <c>/codemate discard</c> drops the issue's parked work: what can never run stops holding <c>/health</c> at 503, and
    /// the session is left as it is.
    /// </summary>
    private async Task DiscardParkedAsync(IssueKey issue, string login, CancellationToken cancellationToken)
    {
        var count = await store.DiscardParkedWorkAsync(issue, cancellationToken).ConfigureAwait(false);
        Log.DiscardedParked(logger, count, issue.Repository.FullName, issue.Number, login);
        var note = count switch
        {
            0 => "Nothing to discard: no event of this issue is parked (`/codemate discard`).",
            1 => $"@{login} discarded the event that failed every attempt (`/codemate discard`); it will not run.",
            _ => $"@{login} discarded the {count} events that failed every attempt (`/codemate discard`); they will not run.",
        };
        await status.ShowNoteAsync(issue, note, cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(6021, LogLevel.Warning, "Discarded {Count} parked events of {Repository}#{Issue} at the request of {Login} (/codemate discard)")]
        public static partial void DiscardedParked(ILogger logger, int count, string repository, int issue, string login);

        [LoggerMessage(6020, LogLevel.Information, "Queued {Count} parked events for {Repository}#{Issue} again (/codemate retry)")]
        public static partial void RequeuedParked(ILogger logger, int count, string repository, int issue);
    }
}
