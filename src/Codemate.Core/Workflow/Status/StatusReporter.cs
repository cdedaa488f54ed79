using System.Collections.Concurrent;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow.Status;

/// <summary>
/// Keeps one living status comment per issue: created (with an <c>eyes</c> reaction) the first time, then edited in
/// place, and only when the rendered text changed. Refreshes for one issue never overlap; the session event consumer
/// skips a refresh when a later event for the issue is already waiting, so rapid busy/idle flips cost few edits.
/// Best effort: a failed update is logged and never fails the work.
/// </summary>
internal sealed partial class StatusReporter(
    IStateStore store,
    SessionLifecycle lifecycle,
    IGitHubApi github,
    ISessionSupervisor sessions,
    SessionSlots slots,
    DailyBudget budget,
    AgentCommits commits,
    SessionEventChannel events,
    Microsoft.Extensions.Options.IOptions<WorkflowOptions> options,
    ILogger<StatusReporter> logger)
{
    public const string Reaction = "eyes";

    private readonly ConcurrentDictionary<IssueKey, Entry> _entries = new();

    /// <summary>Shows <paramref name="note"/> on the comment until the next note (or <see langword="null"/>).</summary>
    public void SetNote(IssueKey issue, string? note) => EntryFor(issue).Note = note;

    /// <summary>Shows <paramref name="note"/> on the comment now (see <see cref="SetNote"/>).</summary>
    public Task ShowNoteAsync(IssueKey issue, string note, CancellationToken cancellationToken)
    {
        SetNote(issue, note);
        return RefreshAsync(issue, force: false, cancellationToken);
    }

    /// <summary>Refreshes the comment soon, off the caller's path (through the session event channel, in order).</summary>
    public void RequestRefresh(IssueKey issue) => events.Publish(new StatusRefreshRequested(issue));

    /// <summary>Renders the issue's status from its record and creates or edits the comment if the text changed (or <paramref name="force"/>).</summary>
    public async Task RefreshAsync(IssueKey issue, bool force, CancellationToken cancellationToken)
    {
        var entry = EntryFor(issue);
        try
        {
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return;
            }

            var body = StatusRenderer.Render(await StatusOfAsync(record, cancellationToken).ConfigureAwait(false) with { Note = entry.Note });
            if (!force && string.Equals(body, entry.LastBody, StringComparison.Ordinal))
            {
                return;
            }

            var id = record.StatusCommentId ?? entry.CommentId;
            if (id is { } existing)
            {
                await github.UpdateIssueCommentAsync(issue.Repository, existing, body, record.InstallationId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                id = await github.CreateIssueCommentAsync(issue, body, record.InstallationId, cancellationToken).ConfigureAwait(false);
                entry.CommentId = id;
                // The comment exists now: its id is stored even when the host is stopping meanwhile, or the next
                // process would post a second status comment.
                await lifecycle.UpdateAsync(issue, latest => latest with { StatusCommentId = id }, CancellationToken.None).ConfigureAwait(false);
                record = record with { StatusCommentId = id };
                Log.Created(logger, issue.Repository.FullName, issue.Number, id.Value);
                await ReactAsync(record, cancellationToken).ConfigureAwait(false);
            }

            entry.LastBody = body;
            if (record.StatusCommentId != id)
            {
                // Re-read: the workflow may have saved the record meanwhile; only the id is Codemate's to add here.
                await lifecycle.UpdateAsync(issue, latest => latest with { StatusCommentId = id }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.Failed(logger, issue.Repository.FullName, issue.Number, exception);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<IssueStatus> StatusOfAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        var phase = record.State switch
        {
            SessionState.Queued => StatusPhase.Queued,
            SessionState.Preparing => StatusPhase.Preparing,
            SessionState.Running => sessions.GetStatus(record.Issue) == AgentStatus.Idle ? StatusPhase.Waiting : StatusPhase.Working,
            SessionState.Failed => StatusPhase.Failed,
            SessionState.Done => StatusPhase.Done,
            SessionState.AwaitingVouch => StatusPhase.AwaitingVouch,
            _ => StatusPhase.Stopped,
        };
        var position = phase == StatusPhase.Queued ? await slots.PositionAsync(record.Issue, cancellationToken).ConfigureAwait(false) : null;
        var budgetWait = phase == StatusPhase.Queued && await budget.ReasonAsync(record.Issue.Repository, cancellationToken).ConfigureAwait(false) is { } reason
            ? (reason, budget.NextDayText())
            : ((string, string)?)null;
        var pushed = phase is StatusPhase.Queued or StatusPhase.Preparing or StatusPhase.AwaitingVouch ? null : await commits.CountPushedAsync(record, cancellationToken).ConfigureAwait(false);
        return new IssueStatus(phase)
        {
            QueuePosition = position,
            BudgetWait = budgetWait,
            Reason = record.LastError,
            PullRequestUrl = record.PullRequestUrl,
            PullRequestNumber = record.PullRequestNumber,
            Branch = record.PullRequestUrl is null ? null : record.Branch,
            Commits = pushed,
            MarkedReadyForReview = record.MarkedReadyForReview,
            AgentScreen = phase == StatusPhase.Failed ? record.AgentScreen : null,
            Usage = record.Usage,
            PullRequest = record.PullRequestNumber is null ? null : PullRequestState.From(record, options.Value.MaxCiFixAttempts),
        };
    }

    private async Task ReactAsync(SessionRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await github.AddIssueReactionAsync(record.Issue, Reaction, record.InstallationId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Failed(logger, record.Issue.Repository.FullName, record.Issue.Number, exception);
        }
    }

    private Entry EntryFor(IssueKey issue) => _entries.GetOrAdd(issue, static _ => new Entry());

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile string? LastBody;

        public volatile string? Note;

        public long? CommentId { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(8001, LogLevel.Information, "Created the status comment {CommentId} on {Repository}#{Issue}")]
        public static partial void Created(ILogger logger, string repository, int issue, long commentId);

        [LoggerMessage(8002, LogLevel.Warning, "Could not update the status comment on {Repository}#{Issue}")]
        public static partial void Failed(ILogger logger, string repository, int issue, Exception exception);
    }
}
