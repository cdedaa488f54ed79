using Codemate.Issues;

namespace Codemate.GitHub;

/// <summary>
/// What GitHub says about a failed check: check-run annotations and GitHub Actions' jobs and logs. Needs the Checks
/// (read) and Actions (read) permissions of a GitHub App, or a token that can read them.
/// </summary>
internal interface IGitHubChecksApi
{
    /// <summary>The check run's annotations (<c>GET /repos/{o}/{r}/check-runs/{id}/annotations</c>).</summary>
    Task<IReadOnlyList<CheckAnnotation>> GetAnnotationsAsync(RepositoryName repository, long checkRunId, long? installationId, CancellationToken cancellationToken);

    /// <summary>The jobs of a workflow run (<c>GET /repos/{o}/{r}/actions/runs/{id}/jobs</c>).</summary>
    Task<IReadOnlyList<ActionsJob>> GetRunJobsAsync(RepositoryName repository, long runId, long? installationId, CancellationToken cancellationToken);

    /// <summary>
    /// An Actions job (<c>GET /repos/{o}/{r}/actions/jobs/{id}</c>); <see langword="null"/> when there is none, as for a
    /// check run another app made. An Actions job and its check run share their id.
    /// </summary>
    Task<ActionsJob?> GetJobAsync(RepositoryName repository, long jobId, long? installationId, CancellationToken cancellationToken);

    /// <summary>The job's log as plain text (<c>GET /repos/{o}/{r}/actions/jobs/{id}/logs</c>, a redirect to the download).</summary>
    Task<string> GetJobLogAsync(RepositoryName repository, long jobId, long? installationId, CancellationToken cancellationToken);
}

/// <summary>One annotation of a check run.</summary>
internal sealed record CheckAnnotation(string Path, int StartLine, int EndLine, string Level, string? Title, string Message);

/// <summary>One GitHub Actions job: its id (also its check run's), name, conclusion and the steps that ran.</summary>
internal sealed record ActionsJob(long Id, string Name, string? Conclusion, IReadOnlyList<ActionsStep> Steps);

/// <summary>One step of a job.</summary>
internal sealed record ActionsStep(int Number, string Name, string? Conclusion);
