namespace Codemate.Workflow.Status;

/// <summary>Everything the living status comment shows; rendering the same status twice gives the same text.</summary>
internal sealed record IssueStatus(StatusPhase Phase)
{
    /// <summary>Position in the queue for a session slot (1 is next), while <see cref="StatusPhase.Queued"/>.</summary>
    public int? QueuePosition { get; init; }

    /// <summary>
    /// Why a queued issue waits for the next UTC day rather than a slot (its repository spent its daily budget), and
    /// when that day starts; <see langword="null"/> otherwise.
    /// </summary>
    public (string Reason, string Until)? BudgetWait { get; init; }

    /// <summary>Why the work failed or stopped, in a sentence.</summary>
    public string? Reason { get; init; }

    public string? PullRequestUrl { get; init; }

    public int? PullRequestNumber { get; init; }

    public string? Branch { get; init; }

    /// <summary>The agent's commits on GitHub, when known.</summary>
    public int? Commits { get; init; }

    public bool MarkedReadyForReview { get; init; }

    /// <summary>The last lines of the agent's screen, shown when it failed to start.</summary>
    public string? AgentScreen { get; init; }

    /// <summary>What the agent used of its model so far, and its estimated cost.</summary>
    public Usage.SessionUsage? Usage { get; init; }

    /// <summary>The pull request's review and CI state, once there is a pull request.</summary>
    public PullRequestState? PullRequest { get; init; }

    /// <summary>A one-off remark (a dropped comment, an unknown command).</summary>
    public string? Note { get; init; }
}
