using System.Collections.Concurrent;

namespace Codemate.Testing.GitHubDouble;

/// <summary>
/// A repository's CI on the double: GitHub Actions jobs (whose ids are also their check runs' ids, as on GitHub) with
/// their steps, logs and annotations, and annotations of check runs other apps made.
/// </summary>
public sealed class DoubleChecks
{
    private readonly ConcurrentDictionary<long, DoubleJob> _jobs = new();
    private readonly ConcurrentDictionary<long, IReadOnlyList<DoubleAnnotation>> _annotations = new();

    /// <summary>Adds (or replaces) a job of workflow run <see cref="DoubleJob.RunId"/>.</summary>
    public DoubleJob AddJob(DoubleJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs[job.Id] = job;
        _annotations[job.Id] = job.Annotations;
        return job;
    }

    /// <summary>Gives a check run that is not an Actions job its annotations.</summary>
    public void SetAnnotations(long checkRunId, params DoubleAnnotation[] annotations) => _annotations[checkRunId] = annotations;

    public DoubleJob? Job(long id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<DoubleJob> JobsOfRun(long runId) => [.. _jobs.Values.Where(j => j.RunId == runId).OrderBy(j => j.Id)];

    public IReadOnlyList<DoubleAnnotation> Annotations(long checkRunId) => _annotations.GetValueOrDefault(checkRunId) ?? [];
}

/// <summary>One job of a workflow run: its conclusion (<c>success</c>, <c>failure</c>, ...), steps, log and annotations.</summary>
public sealed record DoubleJob(long Id, long RunId, string Name, string Conclusion, IReadOnlyList<DoubleStep> Steps, string Log, IReadOnlyList<DoubleAnnotation> Annotations);

/// <summary>One step of a job.</summary>
public sealed record DoubleStep(int Number, string Name, string Conclusion);

/// <summary>One check-run annotation; <paramref name="Level"/> is <c>notice</c>, <c>warning</c> or <c>failure</c>.</summary>
public sealed record DoubleAnnotation(string Path, int StartLine, int EndLine, string Level, string Message, string? Title = null);
