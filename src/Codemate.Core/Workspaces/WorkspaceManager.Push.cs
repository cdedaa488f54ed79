using System.Globalization;
using System.Text.RegularExpressions;

namespace Codemate.Workspaces;

internal sealed partial class WorkspaceManager
{
    private readonly KeyedLock _pushLocks = new();

    public async Task<bool> HasUnpushedCommitsAsync(string workspacePath, string branch, CancellationToken cancellationToken) =>
        await CountUnpushedAsync(CheckWorkspace(workspacePath), CheckBranch(branch), cancellationToken).ConfigureAwait(false) > 0;

    public async Task<bool> PushIfAheadAsync(string workspacePath, string branch, long? installationId, CancellationToken cancellationToken)
    {
        var workspace = CheckWorkspace(workspacePath);
        CheckBranch(branch);
        // The initial commit's push and an idle push can meet now that the agent starts beside the pull request.
        using var _ = await _pushLocks.AcquireAsync(workspace, cancellationToken).ConfigureAwait(false);
        var ahead = await CountUnpushedAsync(workspace, branch, cancellationToken).ConfigureAwait(false);
        if (ahead == 0)
        {
            return false;
        }

        var token = await credentials.GetTokenAsync(installationId, cancellationToken).ConfigureAwait(false);
        var auth = new GitCredentials(gitHubOptions.Value.ServerUrl, token);
        var reference = "refs/heads/" + branch;
        await RunAsync(workspace, ["push", "--quiet", "origin", reference + ":" + reference], cancellationToken, auth).ConfigureAwait(false);
        Log.Pushed(logger, workspace, branch, ahead);
        return true;
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
        if (!WorkspacePaths.IsUnder(codemateOptions.Value.WorkspacesRoot, full) || !Directory.Exists(Path.Combine(full, ".git")))
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
