namespace Codemate.Issues;

/// <summary>
/// <c>check_run</c>/<c>completed</c> or <c>workflow_run</c>/<c>completed</c> that succeeded on the pull request's branch:
/// nothing for the agent, only the status comment's last check result.
/// </summary>
public sealed record CheckPassed : PullRequestFeedback
{
    /// <summary>The check run's or workflow's name.</summary>
    public required string Name { get; init; }

    /// <summary>The commit that was checked.</summary>
    public required string HeadSha { get; init; }
}
