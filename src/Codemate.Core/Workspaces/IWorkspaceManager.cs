using Codemate.Issues;

namespace Codemate.Workspaces;

/// <summary>
/// Gives each issue its own clone at <c>{WORKSPACES_ROOT}/{owner}/{repo}/issue-{N}/</c>, created quickly from a
/// per-repository mirror, on branch <c>issue-N</c>. Safe to call again for the same issue.
/// </summary>
internal interface IWorkspaceManager
{
    /// <summary>
    /// Fetches the repository's mirror (cloning it the first time), then creates or reuses the issue's workspace
    /// and checks out <c>issue-N</c>, reusing the branch when it already exists locally or on GitHub.
    /// </summary>
    /// <exception cref="WorkspaceException">The path would leave the root, or the disk refused.</exception>
    /// <exception cref="GitCommandException">git failed (bad credentials, repository gone, network, disk full).</exception>
    Task<PreparedWorkspace> PrepareAsync(IssueKey issue, long? installationId, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="branch"/> in the workspace has commits GitHub does not have yet.</summary>
    Task<bool> HasUnpushedCommitsAsync(string workspacePath, string branch, CancellationToken cancellationToken);

    /// <summary>Pushes <paramref name="branch"/> to <c>origin</c> when it has commits GitHub does not have; returns whether it pushed.</summary>
    /// <exception cref="GitCommandException">The push was rejected or failed.</exception>
    Task<bool> PushIfAheadAsync(string workspacePath, string branch, long? installationId, CancellationToken cancellationToken);
}
