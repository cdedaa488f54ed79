using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Sessions;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow.Checks;

/// <summary>
/// Reads what GitHub knows about a failure: for a check run, its annotations and, when GitHub Actions ran it, its
/// job's failed step and log; for a workflow run, the same for each of its failed jobs (none for a run cancelled
/// without a failed job). Each report is keyed by the
/// job's (check run's) id, which a check run and the workflow run it belongs to share, so one failure reported by both
/// events is one report. A part GitHub will not give (no Actions permission, log expired) is left out, not fatal.
/// </summary>
internal sealed partial class CheckFailureReader(IGitHubChecksApi checks, ILogger<CheckFailureReader> logger)
{
    public async Task<IReadOnlyList<(long Id, CheckFailureReport Report)>> ReadAsync(CheckFailed failure, long? installationId, CancellationToken cancellationToken)
    {
        var repository = failure.Issue.Repository;
        if (failure.CheckRunId is { } checkRunId)
        {
            var job = await TryAsync(failure, () => checks.GetJobAsync(repository, checkRunId, installationId, cancellationToken)).ConfigureAwait(false);
            return [(checkRunId, await ReportAsync(failure, checkRunId, job, installationId, cancellationToken).ConfigureAwait(false))];
        }

        var runId = failure.WorkflowRunId ?? throw new ArgumentException("A failure names a check run or a workflow run.", nameof(failure));
        var jobs = await TryAsync(failure, () => checks.GetRunJobsAsync(repository, runId, installationId, cancellationToken)).ConfigureAwait(false) ?? [];
        var failed = jobs.Where(j => Webhooks.CheckRouter.IsFailure(j.Conclusion)).ToList();
        if (failed.Count == 0 && failure.Conclusion == Webhooks.CheckRouter.Cancelled)
        {
            // Cancelled with no job failed: a person or a newer push stopped it; there is nothing to fix.
            return [];
        }

        if (failed.Count == 0)
        {
            // Nothing more to read: the run's name and link are what the agent gets. Keyed apart from any job.
            return [(-runId, new CheckFailureReport(CiText.Name(failure.Name) ?? "workflow", null, null, null, null, null))];
        }

        var reports = new List<(long, CheckFailureReport)>(failed.Count);
        foreach (var job in failed)
        {
            reports.Add((job.Id, await ReportAsync(failure, job.Id, job, installationId, cancellationToken).ConfigureAwait(false)));
        }

        return reports;
    }

    private async Task<CheckFailureReport> ReportAsync(CheckFailed failure, long checkRunId, ActionsJob? job, long? installationId, CancellationToken cancellationToken)
    {
        var repository = failure.Issue.Repository;
        var annotations = await TryAsync(failure, () => checks.GetAnnotationsAsync(repository, checkRunId, installationId, cancellationToken)).ConfigureAwait(false);
        var log = job is null ? null : await TryAsync(failure, () => checks.GetJobLogAsync(repository, job.Id, installationId, cancellationToken)).ConfigureAwait(false);
        var step = job?.Steps.FirstOrDefault(s => Webhooks.CheckRouter.IsFailure(s.Conclusion));
        return new CheckFailureReport(
            CiText.Name(failure.Name) ?? "check",
            CiText.Name(job?.Name),
            CiText.Name(step?.Name),
            CiText.Summary(failure.Title, failure.Summary),
            annotations is null ? null : CiText.Annotations(annotations),
            string.IsNullOrWhiteSpace(log) ? null : CiText.LogTail(log));
    }

    private async Task<T?> TryAsync<T>(CheckFailed failure, Func<Task<T>> read)
        where T : class?
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            Log.PartMissing(logger, failure.Issue.Repository.FullName, failure.Issue.Number, failure.Name, exception);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6210, LogLevel.Warning, "Could not read part of the failed check {Check} for {Repository}#{Issue}; the agent gets the rest")]
        public static partial void PartMissing(ILogger logger, string repository, int issue, string check, Exception exception);
    }
}
