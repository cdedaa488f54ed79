using System.Globalization;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workflow.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow.Checks;

/// <summary>
/// Sends a failed check on Codemate's pull request to the issue's live agent, through the same durable, once-only
/// queue as comments: each failed job is queued under its id, so the same failure redelivered, or reported by both its
/// check run and its workflow run, reaches the agent once. At most <see cref="WorkflowOptions.MaxCiFixAttempts"/> are
/// sent until someone who may steer speaks again, so an agent that keeps breaking the build does not loop forever.
/// A failure never starts an agent: with none running it waits for a person, and the status comment says so. A failure
/// on a commit the agent has pushed past is not sent (<see cref="CheckHeads"/>). Every completed check on the pull
/// request's current head, passed or failed, is the status comment's last check result.
/// </summary>
internal sealed partial class CiFeedback(
    IStateStore store,
    SessionLifecycle lifecycle,
    ISessionSupervisor sessions,
    CheckFailureReader reader,
    CheckHeads heads,
    StatusReporter status,
    FeedbackWaiting feedback,
    IOptions<WorkflowOptions> options,
    ILogger<CiFeedback> logger)
{
    public async Task HandleAsync(CheckFailed failure, CancellationToken cancellationToken)
    {
        var issue = failure.Issue;
        if (await OwnRecordAsync(issue, failure.PullRequestNumber, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        if (await heads.IsStaleAsync(failure, record, cancellationToken).ConfigureAwait(false))
        {
            Log.Stale(logger, issue.Repository.FullName, issue.Number, failure.Name, failure.HeadSha);
            return;
        }

        // A cancelled run is a failure only when a job of it failed; its jobs are read first to know.
        var reports = failure.Conclusion == Webhooks.CheckRouter.Cancelled
            ? await reader.ReadAsync(failure, record.InstallationId, cancellationToken).ConfigureAwait(false)
            : null;
        if (reports is [])
        {
            Log.CancelledWithoutFailure(logger, issue.Repository.FullName, issue.Number, failure.Name);
            return;
        }

        record = await RecordAsync(issue, new CheckResult(failure.Name, failure.Conclusion, failure.HeadSha), cancellationToken).ConfigureAwait(false) ?? record;
        if (record.State is not (SessionState.Running or SessionState.Preparing or SessionState.Queued)
            || (record.State == SessionState.Running && !await sessions.IsRunningAsync(issue, cancellationToken).ConfigureAwait(false)))
        {
            Log.NoAgent(logger, issue.Repository.FullName, issue.Number, failure.Name);
            await status.ShowNoteAsync(issue, $"The check `{CiText.Name(failure.Name)}` failed on the pull request. No agent is running to fix it; a comment from someone who may steer starts it again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var max = options.Value.MaxCiFixAttempts;
        if (record.CiFixAttempts >= max)
        {
            Log.BudgetSpent(logger, issue.Repository.FullName, issue.Number, failure.Name, max);
            await NoteExhaustedAsync(issue, failure, max, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attempts = record.CiFixAttempts;
        foreach (var (id, report) in reports ?? await reader.ReadAsync(failure, record.InstallationId, cancellationToken).ConfigureAwait(false))
        {
            if (attempts >= max)
            {
                await NoteExhaustedAsync(issue, failure, max, cancellationToken).ConfigureAwait(false);
                return;
            }

            var prompt = CheckPrompts.CheckFailure(failure, report, record.Branch, attempts + 1, max);
            var key = string.Create(CultureInfo.InvariantCulture, $"ci:{id}");
            if (await feedback.EnqueueAsync(issue, new AgentMessage(key, prompt, FeedbackKind.FailedCheck), cancellationToken).ConfigureAwait(false) is null)
            {
                Log.AlreadySent(logger, issue.Repository.FullName, issue.Number, report.Name, id);
                continue;
            }

            // Counted after it was queued: a crash in between costs the budget nothing, where the other order would
            // spend an attempt on a failure never sent.
            attempts++;
            await lifecycle.UpdateAsync(issue, current => current with { CiFixAttempts = current.CiFixAttempts + 1 }, cancellationToken).ConfigureAwait(false);
            sessions.NotifyQueued(issue);
            Log.Queued(logger, report.Name, issue.Repository.FullName, issue.Number, attempts, max);
        }

        // The last check and the attempts used changed; a busy agent reports nothing that would refresh it.
        status.RequestRefresh(issue);
    }

    /// <summary>A check passed on the pull request: only the status comment's last check result changes.</summary>
    public async Task PassedAsync(CheckPassed passed, CancellationToken cancellationToken)
    {
        var issue = passed.Issue;
        if (await OwnRecordAsync(issue, passed.PullRequestNumber, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        await RecordAsync(issue, new CheckResult(passed.Name, "success", passed.HeadSha), cancellationToken).ConfigureAwait(false);
        await status.RefreshAsync(issue, force: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The issue's record when <paramref name="pullRequest"/> is the pull request Codemate opened for it.</summary>
    private async Task<SessionRecord?> OwnRecordAsync(IssueKey issue, int pullRequest, CancellationToken cancellationToken)
    {
        var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
        if (record?.PullRequestNumber == pullRequest)
        {
            return record;
        }

        Log.NotOwnPullRequest(logger, issue.Repository.FullName, issue.Number, pullRequest);
        return null;
    }

    private Task<SessionRecord?> RecordAsync(IssueKey issue, CheckResult result, CancellationToken cancellationToken) =>
        lifecycle.UpdateAsync(issue, current => current.LastCheck == result ? null : current with { LastCheck = result }, cancellationToken);

    /// <summary>Someone who may steer spoke: the agent may try to fix CI again, the whole budget over.</summary>
    public async Task ResetBudgetAsync(IssueKey issue, SessionRecord? record, CancellationToken cancellationToken)
    {
        if (record is { CiFixAttempts: > 0 })
        {
            await lifecycle.UpdateAsync(issue, current => current.CiFixAttempts == 0 ? null : current with { CiFixAttempts = 0 }, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task NoteExhaustedAsync(IssueKey issue, CheckFailed failure, int max, CancellationToken cancellationToken) => status.ShowNoteAsync(
        issue,
        string.Create(CultureInfo.InvariantCulture, $"The check `{CiText.Name(failure.Name)}` failed again, and the agent has used its {max} automatic CI-fix attempts (`CODEMATE_MAX_CI_FIX_ATTEMPTS`), so it was not sent. A comment or review from someone who may steer gives it {max} more."),
        cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(6202, LogLevel.Information, "Ignored a failed check for {Repository}#{Issue}: pull request #{PullRequest} is not the one Codemate opened for it")]
        public static partial void NotOwnPullRequest(ILogger logger, string repository, int issue, int pullRequest);

        [LoggerMessage(6203, LogLevel.Information, "The check {Check} failed on the pull request of {Repository}#{Issue}, but no agent runs to fix it")]
        public static partial void NoAgent(ILogger logger, string repository, int issue, string check);

        [LoggerMessage(6204, LogLevel.Information, "The check {Check} failed on the pull request of {Repository}#{Issue}; the {Max} CI-fix attempts are used, so it was not sent")]
        public static partial void BudgetSpent(ILogger logger, string repository, int issue, string check, int max);

        [LoggerMessage(6205, LogLevel.Debug, "The failure of {Check} (job {Job}) on {Repository}#{Issue} was sent to the agent before")]
        public static partial void AlreadySent(ILogger logger, string repository, int issue, string check, long job);

        [LoggerMessage(6207, LogLevel.Information, "The check {Check} failed on commit {Commit} of the pull request of {Repository}#{Issue}, which is no longer its head; not sent")]
        public static partial void Stale(ILogger logger, string repository, int issue, string check, string commit);

        [LoggerMessage(6208, LogLevel.Information, "The workflow run {Check} on the pull request of {Repository}#{Issue} was cancelled with no failed job; nothing to fix")]
        public static partial void CancelledWithoutFailure(ILogger logger, string repository, int issue, string check);

        [LoggerMessage(6206, LogLevel.Information, "Queued the failure of {Check} for the agent of {Repository}#{Issue} (CI-fix attempt {Attempt} of {Max})")]
        public static partial void Queued(ILogger logger, string check, string repository, int issue, int attempt, int max);
    }
}
