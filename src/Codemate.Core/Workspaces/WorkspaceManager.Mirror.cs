using System.Globalization;
using Codemate.Issues;
using Codemate.Native;

namespace Codemate.Workspaces;

internal sealed partial class WorkspaceManager
{
    /// <summary>Clones the repository's bare mirror the first time, fetches it every later time.</summary>
    private async Task UpdateMirrorAsync(IssueKey issue, string mirror, string remoteUrl, GitCredentials auth, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(mirror, "HEAD")))
        {
            Log.FetchingMirror(logger, issue.Repository.FullName, mirror);
            await RunAsync(
                mirror,
                ["fetch", "--quiet", "--prune", "--no-write-fetch-head", remoteUrl, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
                cancellationToken,
                auth).ConfigureAwait(false);
            return;
        }

        // Absent, or left half-made by a crash before the atomic rename below: start over.
        DeleteDirectory(mirror);
        var parent = Path.GetDirectoryName(mirror)!;
        PrivateFiles.CreateDirectory(parent);
        var temporary = TemporaryBeside(mirror);
        Log.CloningMirror(logger, issue.Repository.FullName, mirror);
        try
        {
            // --bare, not --mirror: remote.origin.mirror=true must never leak into workspaces.
            await RunAsync(parent, ["clone", "--bare", "--quiet", remoteUrl, temporary], cancellationToken, auth).ConfigureAwait(false);
            PrivateFiles.RestrictDirectory(temporary);
            Directory.Move(temporary, mirror);
        }
        finally
        {
            TryDeleteDirectory(temporary);
        }
    }

    /// <summary>
    /// Clones the workspace from the mirror, or refreshes an existing workspace's view of <c>origin</c> from it. A spare
    /// taken comes with the issue's branch checked out: then returns whether that branch existed on GitHub; otherwise null.
    /// </summary>
    private async Task<bool?> EnsureCloneAsync(IssueKey issue, WorkspacePaths paths, string remoteUrl, string defaultBranch, CancellationToken cancellationToken)
    {
        var workspace = paths.Workspace;
        if (Directory.Exists(Path.Combine(workspace, ".git")))
        {
            Log.ReusingWorkspace(logger, issue.Repository.FullName, issue.Number, workspace);
            await FetchFromMirrorAsync(workspace, paths.Mirror, cancellationToken).ConfigureAwait(false);
            return null;
        }

        DeleteDirectory(workspace);
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(workspace)!);
        if (await TryTakeSpareAsync(issue, paths, defaultBranch, cancellationToken).ConfigureAwait(false) is { } onGitHub)
        {
            return onGitHub;
        }

        await CloneFromMirrorAsync(paths.Mirror, workspace, remoteUrl, defaultBranch, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>A local clone of the mirror at <paramref name="target"/>, made beside it and moved into place whole.</summary>
    private async Task CloneFromMirrorAsync(string mirror, string target, string remoteUrl, string defaultBranch, CancellationToken cancellationToken)
    {
        var temporary = TemporaryBeside(target);
        try
        {
            await RunAsync(Path.GetDirectoryName(target)!, CloneArguments(mirror, temporary, defaultBranch, checkout: true), cancellationToken).ConfigureAwait(false);
            await RunAsync(temporary, ["remote", "set-url", "origin", remoteUrl], cancellationToken).ConfigureAwait(false);
            PrivateFiles.RestrictDirectory(temporary);
            Directory.Move(temporary, target);
        }
        finally
        {
            TryDeleteDirectory(temporary);
        }
    }

    /// <summary>
    /// <c>git clone</c> of the mirror into <paramref name="target"/>, its objects copied: a local clone would hard-link
    /// them, and the agent, who owns the worktree's files, could then rewrite the mirror's objects (and so every later
    /// issue's checkout) by writing its own. The spare checkout, which warm issues use, pays for the copy in the
    /// background. Codemate's own commits carry its identity, never the machine's.
    /// </summary>
    private string[] CloneArguments(string mirror, string target, string defaultBranch, bool checkout)
    {
        var settings = workspaceOptions.Value;
        return
        [
            "clone", "--quiet", "--no-hardlinks", .. (checkout ? Array.Empty<string>() : ["--no-checkout"]), "--branch", defaultBranch,
            "--config", "user.name=" + settings.CommitterName,
            "--config", "user.email=" + settings.CommitterEmail,
            mirror, target,
        ];
    }

    /// <summary>Brings a clone's <c>origin/*</c> up to date from the mirror, without touching its files.</summary>
    private Task<GitResult> FetchFromMirrorAsync(string repository, string mirror, CancellationToken cancellationToken) =>
        RunAsync(repository, ["fetch", "--quiet", "--prune", "--no-write-fetch-head", mirror, "+refs/heads/*:refs/remotes/origin/*"], cancellationToken);

    /// <summary>A unique, hidden name beside <paramref name="path"/> to build it under, so it only ever appears whole.</summary>
    private static string TemporaryBeside(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}"));
}
