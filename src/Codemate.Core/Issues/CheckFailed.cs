namespace Codemate.Issues;

/// <summary>
/// <c>check_run</c>/<c>completed</c> or <c>workflow_run</c>/<c>completed</c> that failed on the pull request's branch.
/// Not a person's text: what the agent is told is read from GitHub's API when the work is handled.
/// </summary>
public sealed record CheckFailed : PullRequestFeedback
{
    /// <summary>The check run's or workflow's name.</summary>
    public required string Name { get; init; }

    /// <summary><c>failure</c>, <c>timed_out</c>, or <c>cancelled</c> (a workflow run: a failure only if one of its jobs failed).</summary>
    public required string Conclusion { get; init; }

    /// <summary>The commit that was checked.</summary>
    public required string HeadSha { get; init; }

    /// <summary>
    /// The pull request's head as the payload listed it, when it did; a failure on an older commit (the agent pushed
    /// since) is not sent.
    /// </summary>
    public string? PullRequestHeadSha { get; init; }

    /// <summary>The check run, for a <c>check_run</c> event (for GitHub Actions it is also the job's id).</summary>
    public long? CheckRunId { get; init; }

    /// <summary>The workflow run, for a <c>workflow_run</c> event.</summary>
    public long? WorkflowRunId { get; init; }

    /// <summary>The check's or run's web page.</summary>
    public string? HtmlUrl { get; init; }

    /// <summary>The check run's output title, if it set one.</summary>
    public string? Title { get; init; }

    /// <summary>The check run's output summary, if it set one.</summary>
    public string? Summary { get; init; }
}
