using Codemate.Issues;
using Octokit;

namespace Codemate.GitHub;

/// <summary><see cref="IGitHubChecksApi"/> through Octokit, with the same retries and errors as <see cref="OctokitGitHubApi"/>.</summary>
internal sealed class OctokitChecksApi(GitHubClients clients) : IGitHubChecksApi
{
    public Task<IReadOnlyList<CheckAnnotation>> GetAnnotationsAsync(RepositoryName repository, long checkRunId, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read the annotations of check run {checkRunId} on {repository}", installationId, async client =>
        {
            var annotations = await client.Check.Run.GetAllAnnotations(repository.Owner, repository.Name, checkRunId).ConfigureAwait(false);
            return (IReadOnlyList<CheckAnnotation>)[.. annotations.Select(a => new CheckAnnotation(
                a.Path ?? string.Empty, a.StartLine, a.EndLine, a.AnnotationLevel?.StringValue ?? "notice", a.Title, a.Message ?? string.Empty))];
        }, cancellationToken);

    public Task<IReadOnlyList<ActionsJob>> GetRunJobsAsync(RepositoryName repository, long runId, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"list the jobs of workflow run {runId} on {repository}", installationId, async client =>
        {
            var response = await client.Actions.Workflows.Jobs.List(repository.Owner, repository.Name, runId).ConfigureAwait(false);
            return (IReadOnlyList<ActionsJob>)[.. response.Jobs.Select(ToJob)];
        }, cancellationToken);

    public Task<ActionsJob?> GetJobAsync(RepositoryName repository, long jobId, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read job {jobId} on {repository}", installationId, async client =>
        {
            try
            {
                return ToJob(await client.Actions.Workflows.Jobs.Get(repository.Owner, repository.Name, jobId).ConfigureAwait(false));
            }
            catch (NotFoundException)
            {
                return (ActionsJob?)null;
            }
        }, cancellationToken);

    public Task<string> GetJobLogAsync(RepositoryName repository, long jobId, long? installationId, CancellationToken cancellationToken) =>
        CallAsync($"read the log of job {jobId} on {repository}", installationId, async client =>
            await client.Actions.Workflows.Jobs.GetLogs(repository.Owner, repository.Name, jobId).ConfigureAwait(false) ?? string.Empty, cancellationToken);

    private static ActionsJob ToJob(WorkflowJob job) => new(
        job.Id,
        job.Name ?? string.Empty,
        job.Conclusion?.StringValue,
        [.. (job.Steps ?? []).Select(s => new ActionsStep(s.Number, s.Name ?? string.Empty, s.Conclusion?.StringValue))]);

    private Task<T> CallAsync<T>(string operation, long? installationId, Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        OctokitGitHubApi.CallAsync(operation, () => clients.For(installationId), call, cancellationToken);
}
