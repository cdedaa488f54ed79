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
            commit = (ahead == 1 ? await TryCopyEmptyCommitAsync(paths.Mirror, workspace, reference, staged, cancellationToken).ConfigureAwait(false) : null)
                ?? await FetchIntoMirrorAsync(paths.Mirror, workspace, reference, staged, cancellationToken).ConfigureAwait(false);
            var remoteUrl = GitEnvironment.RemoteUrl(serverUrl, paths.Owner, paths.Name);
            await RunAsync(paths.Mirror, ["push", "--quiet", "--no-verify", remoteUrl, commit + ":" + reference], cancellationToken, auth).ConfigureAwait(false);
        }

        // What 'git push origin' did for the worktree: its origin/{branch} now shows what GitHub has.
        await RunAsync(workspace, ["update-ref", "-m", "codemate: pushed", "refs/remotes/origin/" + branch, commit], cancellationToken).ConfigureAwait(false);
        Log.Pushed(logger, workspace, branch, ahead);
        return true;
    }

    /// <summary>Fetches the workspace's <paramref name="reference"/> into the mirror at <paramref name="staged"/>; returns the commit.</summary>
    private async Task<string> FetchIntoMirrorAsync(string mirror, string workspace, string reference, string staged, CancellationToken cancellationToken)
    {
        await RunAsync(
            mirror,
            ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--no-recurse-submodules", "--upload-pack=" + GitHardening.UploadPack(workspaceOptions.Value.GitPath), Path.Combine(workspace, ".git"), "+" + reference + ":" + staged],
            cancellationToken).ConfigureAwait(false);
        return (await RunAsync(mirror, ["rev-parse", "--verify", staged + "^{commit}"], cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
    }

    /// <summary>
    /// A new branch's first push carries one empty commit (Codemate's initial commit: the default branch's tree on the
    /// default branch), and everything it stands on is in the mirror already. Copying that one commit object into the
    /// mirror replaces the fetch from the workspace (a local upload-pack, negotiation and a connectivity check over the
    /// whole tree), which was the largest step between an issue and its agent's prompt (benchmarks/). The object is
    /// copied only when it is exactly that: one parent, the parent's tree, the parent in the mirror, and the bytes the
    /// mirror stores hash to the workspace's branch head. Anything else returns <see langword="null"/>, and the caller
    /// fetches as for any other push.
    /// </summary>
    private async Task<string?> TryCopyEmptyCommitAsync(string mirror, string workspace, string reference, string staged, CancellationToken cancellationToken)
    {
        var head = await RunAsync(workspace, ["rev-parse", "--verify", "--quiet", reference + "^{commit}"], cancellationToken, allowFailure: true).ConfigureAwait(false);
        var commit = head.StandardOutput.Trim();
        var raw = head.ExitCode == 0 ? await RunAsync(workspace, ["cat-file", "commit", commit], cancellationToken, allowFailure: true).ConfigureAwait(false) : null;
        if (raw is not { ExitCode: 0 } || OneParentHeader().Match(raw.StandardOutput) is not { Success: true } header)
        {
            return null;
        }

        var parentTree = await RunAsync(mirror, ["rev-parse", "--verify", "--quiet", header.Groups["parent"].Value + "^{tree}"], cancellationToken, allowFailure: true).ConfigureAwait(false);
        if (parentTree.ExitCode != 0 || parentTree.StandardOutput.Trim() != header.Groups["tree"].Value)
        {
            return null;
        }

        // hash-object reads a file (the runner has no stdin); the mirror is Codemate's alone, and the file goes at once.
        var file = Path.Combine(mirror, "codemate-commit-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllTextAsync(file, raw.StandardOutput, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            var written = await RunAsync(mirror, ["hash-object", "-t", "commit", "-w", "--", file], cancellationToken, allowFailure: true).ConfigureAwait(false);
            if (written.ExitCode != 0 || written.StandardOutput.Trim() != commit)
            {
                return null;
            }
        }
        finally
        {
            File.Delete(file);
        }

        await RunAsync(mirror, ["update-ref", staged, commit], cancellationToken).ConfigureAwait(false);
        return commit;
    }

    // A commit's header: its tree, then exactly one parent.
    [GeneratedRegex(@"\Atree (?<tree>[0-9a-f]{40,64})\nparent (?<parent>[0-9a-f]{40,64})\n(?!parent )", RegexOptions.CultureInvariant)]
    private static partial Regex OneParentHeader();

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
