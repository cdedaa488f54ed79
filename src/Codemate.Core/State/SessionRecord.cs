using Codemate.Issues;

namespace Codemate.State;

/// <summary>Everything Codemate knows about one issue's work; survives restarts.</summary>
public sealed record SessionRecord
{
    /// <summary>The issue.</summary>
    public required IssueKey Issue { get; init; }

    /// <summary>The tmux session name (already sanitised).</summary>
    public required string SessionName { get; init; }

    /// <summary>The branch, <c>issue-N</c>.</summary>
    public required string Branch { get; init; }

    /// <summary>Where the work stands.</summary>
    public required SessionState State { get; init; }

    /// <summary>The draft pull request's web URL, once it exists.</summary>
    public string? PullRequestUrl { get; init; }

    /// <summary>The draft pull request's number, once it exists.</summary>
    public int? PullRequestNumber { get; init; }

    /// <summary>The workspace directory, once it exists.</summary>
    public string? Workspace { get; init; }

    /// <summary>The GitHub App installation to act as, if any.</summary>
    public long? InstallationId { get; init; }

    /// <summary>The id of the living status comment on the issue.</summary>
    public long? StatusCommentId { get; init; }

    /// <summary>The issue as last seen.</summary>
    public IssueDetails? Details { get; init; }

    /// <summary>Why the work failed or stopped, in a sentence the public status comment shows.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// The details behind <see cref="LastError"/> when a step failed (the exception's message, secrets removed): paths
    /// and ids for the operator, shown by <c>/status</c> and never on the issue.
    /// </summary>
    public string? ErrorDetail { get; init; }

    /// <summary>The last lines of the agent's screen when it failed to start (secrets and hidden content removed).</summary>
    public string? AgentScreen { get; init; }

    /// <summary>Who vouched for the issue's text the agent was started on; see <see cref="State.Vouch"/>.</summary>
    public Vouch? Vouch { get; init; }

    /// <summary>When the record was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the record last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the current agent session started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The repository's default branch, which the pull request targets; commits beyond it are the agent's.</summary>
    public string? DefaultBranch { get; init; }

    /// <summary>When the issue joined the queue for a session slot; the queue is served oldest first.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>When the current agent session ended (stopped, budget, exited).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>When the issue or its pull request was closed; the workspace is removed a retention period later.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Whether Codemate marked the draft pull request ready for review.</summary>
    public bool MarkedReadyForReview { get; init; }

    /// <summary>
    /// How many failed checks on the pull request were sent to the agent to fix since someone who may steer last spoke
    /// (<c>CODEMATE_MAX_CI_FIX_ATTEMPTS</c> is the budget); a comment or review from such a person sets it back to 0.
    /// </summary>
    public int CiFixAttempts { get; init; }

    /// <summary>What the agent used of its model so far, and its estimated cost; read from its transcripts as it works.</summary>
    public Usage.SessionUsage? Usage { get; init; }

    /// <summary>The last check that completed on the pull request (a success, or a failure on its current head).</summary>
    public CheckResult? LastCheck { get; init; }

    /// <summary>Review comments handed to the agent, each followed until Codemate replied in its thread once.</summary>
    public IReadOnlyList<ReviewReply> ReviewReplies { get; init; } = [];

    /// <summary>Feedback on the pull request (comments, review comments, reviews, failed checks) the agent has not answered yet.</summary>
    public IReadOnlyList<WaitingFeedback> FeedbackWaiting { get; init; } = [];

    /// <summary>Whether the state counts as active in <c>/health</c>.</summary>
    public bool IsActive => State is SessionState.Queued or SessionState.Preparing or SessionState.Running;
}
