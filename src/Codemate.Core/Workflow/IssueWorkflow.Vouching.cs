using Codemate.Issues;
using Codemate.State;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    /// <summary>
    /// Re-reads the issue and checks its text is vouched for (<see cref="StartCheck"/>). Returns what to start with, or
    /// <see langword="null"/> after logging why nothing starts and, when a vouch is missing, telling the issue once.
    /// </summary>
    private async Task<StartVerdict.Start?> CheckStartAsync(IssueWork work, SessionRecord? record, VouchKind? vouch, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        switch (await check.CheckAsync(work, record, vouch, cancellationToken).ConfigureAwait(false))
        {
            case StartVerdict.Start start:
                return start;
            case StartVerdict.Ignore ignore:
                Log.StartIgnored(logger, issue.Repository.FullName, issue.Number, ignore.Reason);
                return null;
            case StartVerdict.NeedsVouch needs:
                Log.AwaitingVouch(logger, issue.Repository.FullName, issue.Number, needs.Reason);
                await AwaitVouchAsync(work, record, needs, cancellationToken).ConfigureAwait(false);
                return null;
            default:
                throw new InvalidOperationException("Unknown start verdict.");
        }
    }

    /// <summary>
    /// Records that the issue waits for a vouch. The living status comment says why and how to start it, so asking
    /// again changes nothing on GitHub: the same status renders the same text, which is never edited.
    /// </summary>
    private async Task AwaitVouchAsync(IssueWork work, SessionRecord? record, StartVerdict.NeedsVouch needs, CancellationToken cancellationToken)
    {
        var issue = work.Issue;
        if (record is { IsActive: true })
        {
            // A live session keeps running on the text it was given; only the new text is held back.
            await status.ShowNoteAsync(issue, $"Nothing new was sent: {needs.Reason} Someone who may steer can read it and comment `/codemate start`.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = time.GetUtcNow();
        SessionRecord Await(SessionRecord current) => current with
        {
            Details = needs.Details,
            InstallationId = work.InstallationId ?? current.InstallationId,
            LastError = needs.Reason,
            AgentScreen = null,
            UpdatedAt = now,
        };
        var saved = record is null
            ? await lifecycle.TryCreateAsync(Await(await NewRecordAsync(issue, SessionState.AwaitingVouch, now, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false)
            : await lifecycle.TryTransitionAsync(issue, record.State, SessionState.AwaitingVouch, Await, cancellationToken).ConfigureAwait(false) is not null;
        if (!saved)
        {
            Log.ChangedWhileStarting(logger, issue.Repository.FullName, issue.Number);
        }

        status.SetNote(issue, null);
        await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
    }
}
