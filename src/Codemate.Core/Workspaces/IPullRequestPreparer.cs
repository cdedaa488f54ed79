using Codemate.GitHub;
using Codemate.Issues;

namespace Codemate.Workspaces;

/// <summary>Makes sure an issue has exactly one open draft pull request for its branch.</summary>
internal interface IPullRequestPreparer
{
    /// <summary>
    /// Returns the open pull request for the workspace's branch, or pushes the branch (with one empty commit if it
    /// has nothing of its own yet, since GitHub refuses a pull request without a diff), opens a draft pull request
    /// that closes the issue. Calling it again never opens a second pull request. It never comments on the issue:
    /// the workflow's living status comment links the pull request.
    /// </summary>
    /// <exception cref="GitCommandException">The push was rejected or failed.</exception>
    /// <exception cref="WorkspaceException">GitHub refused the pull request (for example with 422).</exception>
    Task<PullRequestInfo> EnsureDraftPullRequestAsync(IssueKey issue, IssueDetails details, PreparedWorkspace workspace, long? installationId, CancellationToken cancellationToken);
}
