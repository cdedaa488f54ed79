using System.Globalization;
using System.Text.RegularExpressions;

namespace Codemate.Workspaces;

internal sealed partial class WorkspaceManager
{
    private readonly KeyedLock _pushLocks = new();

    public async Task<bool> HasUnpushedCommitsAsync(string workspacePath, string branch, CancellationToken cancellationToken) =>
        await CountUnpushedAsync(CheckWorkspace(workspacePath), CheckBranch(branch), cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>
    /// The agent can write everything in its worktree, so the authenticated push never runs there: the branch's commits are
    /// fetched (only <c>refs/heads/{branch}</c>, without credentials or hooks) into the repository's mirror, which only
    /// Codemate writes, and pushed from there to the URL Codemate computes. Nothing in the worktree's configuration
    /// (<c>pushurl</c>, <c>insteadOf</c>, proxies, hooks) takes part in the push.
    /// </summary>
    public async Task<bool> PushIfAheadAsync(string workspacePath, string branch, long? installationId, CancellationToken cancellationToken)
    {
        var workspace = CheckWorkspace(workspacePath);
        CheckBranch(branch);
        var paths = ResolveWorkspace(workspace);
        // The initial commit's push and an idle push can meet now that the agent starts beside the pull request.
        using var _ = await _pushLocks.AcquireAsync(workspace, cancellationToken).ConfigureAwait(false);
        var ahead = await CountUnpushedAsync(workspace, branch, cancellationToken).ConfigureAwait(false);
        if (ahead == 0)
        {
            return false;
        }

        var token = await credentials.GetTokenAsync(installationId, cancellationToken).ConfigureAwait(false);
        var serverUrl = gitHubOptions.Value.ServerUrl;
        var auth = new GitCredentials(serverUrl, token);
        var reference = "refs/heads/" + branch;
        var staged = StagingReference(paths.Workspace);
        string commit;
        using (await _mirrorLocks.AcquireAsync(paths.Mirror, cancellationToken).ConfigureAwait(false))
        {
            await RunAsync(
                paths.Mirror,
                ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-recurse-submodules", "--upload-pack=" + GitHardening.UploadPack(workspaceOptions.Value.GitPath), Path.Combine(workspace, ".git"), "+" + reference + ":" + staged],
                cancellationToken).ConfigureAwait(false);
            commit = (await RunAsync(paths.Mirror, ["rev-parse", "--verify", staged + "^{commit}"], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
            var remoteUrl = GitEnvironment.RemoteUrl(serverUrl, paths.Owner, paths.Name);
            await RunAsync(paths.Mirror, ["push", "--quiet", "--no-verify", remoteUrl, commit + ":" + reference], cancellationToken, auth).ConfigureAwait(false);
        }

        // What 'git push origin' did for the worktree: its origin/{branch} now shows what GitHub has.
        await RunAsync(workspace, ["update-ref", "-m", "codemate: pushed", "refs/remotes/origin/" + branch, commit], cancellationToken).ConfigureAwait(false);
        Log.Pushed(logger, workspace, branch, ahead);
        return true;
    }

    /// <summary>Where the mirror keeps an issue's branch on its way to GitHub: outside refs/heads, so clones never see it.</summary>
    private static string StagingReference(string workspace) => "refs/codemate/" + Path.GetFileName(workspace);

    /// <summary>The owner, name and mirror of the repository a workspace under the root belongs to.</summary>
    private (string Mirror, string Workspace, string Owner, string Name) ResolveWorkspace(string workspace)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(codemateOptions.Value.WorkspacesRoot));
        var parts = Path.GetRelativePath(root, workspace).Split(Path.DirectorySeparatorChar);
        if (parts is not [var owner, var name, var folder]
            || !folder.StartsWith("issue-", StringComparison.Ordinal)
            || !int.TryParse(folder.AsSpan("issue-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !WorkspacePaths.TryResolve(root, owner, name, number, out var paths, out _)
            || paths.Workspace != workspace)
        {
            throw new WorkspaceException($"'{workspace}' is not an issue's workspace under {root}.");
        }

        return (paths.Mirror, paths.Workspace, owner, name);
    }

    /// <summary>Commits on <paramref name="branch"/> that no <c>origin/*</c> ref has.</summary>
    private async Task<int> CountUnpushedAsync(string workspace, string branch, CancellationToken cancellationToken)
    {
        var result = await RunAsync(workspace, ["rev-list", "--count", "refs/heads/" + branch, "--not", "--remotes=origin"], cancellationToken).ConfigureAwait(false);
        return int.Parse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private string CheckWorkspace(string workspacePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspacePath);
        var full = Path.GetFullPath(workspacePath);
        if (!WorkspacePaths.IsUnder(codemateOptions.Value.WorkspacesRoot, full) || !WorkspacePaths.IsPlainRepository(full))
        {
            throw new WorkspaceException($"'{full}' is not a workspace under {codemateOptions.Value.WorkspacesRoot}.");
        }

        return full;
    }

    private static string CheckBranch(string branch) =>
        !string.IsNullOrEmpty(branch) && BranchPattern().IsMatch(branch) && !branch.Contains("..", StringComparison.Ordinal)
            ? branch
            : throw new WorkspaceException($"'{branch}' is not a branch name Codemate pushes.");

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._/-]{0,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex BranchPattern();
}
