using Codemate.Issues;

namespace Codemate.Sessions;

/// <summary>What the caller knows when it starts an issue's agent.</summary>
/// <param name="Issue">The issue.</param>
/// <param name="Workspace">The issue's git worktree; the agent runs here.</param>
/// <param name="Branch">The branch the agent works on, usually <c>issue-N</c>.</param>
/// <param name="PullRequestUrl">The draft pull request's web URL, if it exists.</param>
public sealed record SessionContext(IssueKey Issue, string Workspace, string Branch, string? PullRequestUrl)
{
    /// <summary>
    /// Deliver nothing queued for the issue until <see cref="ISessionSupervisor.NotifyQueued"/>: the caller starts the
    /// agent before everything it needs to know exists (its pull request) and says when it does.
    /// </summary>
    public bool HoldDelivery { get; init; }

    /// <summary>
    /// The tmux session name the issue's record holds: <c>claude-{owner}-{repo}-{N}</c> sanitised, unless another issue
    /// had that name first (<see cref="SessionNames.Disambiguated"/>).
    /// </summary>
    public string SessionName { get; init; } = SessionNames.For(Issue);
}
