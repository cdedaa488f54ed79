using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workspaces;

/// <summary>
/// Keeps one bare mirror per repository under <c>{root}/.mirrors</c>, fetched for each new issue, and clones
/// each workspace from it with hard links (fast, and independent of the mirror afterwards). The workspace's
/// <c>origin</c> is the real HTTPS URL, so it behaves as an ordinary clone for the agent. A spare clone per repository,
/// checked out ahead of time, lets a new issue skip the checkout of every file.
/// </summary>
internal sealed partial class WorkspaceManager(
    IGitRunner git,
    IGitHubApi gitHub,
    IGitHubCredentials credentials,
    IOptions<CodemateOptions> codemateOptions,
    IOptions<GitHubOptions> gitHubOptions,
    IOptions<WorkspaceOptions> workspaceOptions,
    ILogger<WorkspaceManager> logger) : IWorkspaceManager, IAsyncDisposable, IDisposable
{
    private readonly KeyedLock _mirrorLocks = new();

    public async Task<PreparedWorkspace> PrepareAsync(IssueKey issue, long? installationId, CancellationToken cancellationToken)
    {
        var paths = Resolve(issue);
        var serverUrl = gitHubOptions.Value.ServerUrl;
        var remoteUrl = GitEnvironment.RemoteUrl(serverUrl, paths.Owner, paths.Name);
        var defaultBranch = await gitHub.GetDefaultBranchAsync(issue.Repository, installationId, cancellationToken).ConfigureAwait(false);
        var token = await credentials.GetTokenAsync(installationId, cancellationToken).ConfigureAwait(false);
        var auth = new GitCredentials(serverUrl, token);
        try
        {
            bool? existed;
            using (await _mirrorLocks.AcquireAsync(paths.Location.Mirror, cancellationToken).ConfigureAwait(false))
            {
                await UpdateMirrorAsync(issue, paths.Location.Mirror, remoteUrl, auth, cancellationToken).ConfigureAwait(false);
                existed = await EnsureCloneAsync(issue, paths.Location, remoteUrl, defaultBranch, cancellationToken).ConfigureAwait(false);
            }

            existed ??= await CheckOutBranchAsync(paths.Location.Workspace, issue.Branch, defaultBranch, cancellationToken).ConfigureAwait(false);
            Log.Prepared(logger, issue.Repository.FullName, issue.Number, paths.Location.Workspace, issue.Branch, existed.Value);
            ReplenishSpare(issue, paths.Location, remoteUrl, defaultBranch);
            return new PreparedWorkspace(paths.Location.Workspace, issue.Branch, defaultBranch, existed.Value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.DiskFailed(logger, ex, issue.Repository.FullName, issue.Number);
            throw new WorkspaceException($"Could not prepare the workspace for {issue}: {ex.Message}", ex);
        }
    }

    private (WorkspacePaths Location, string Owner, string Name) Resolve(IssueKey issue)
    {
        var owner = issue.Repository.Owner;
        var name = issue.Repository.Name;
        if (!WorkspacePaths.TryResolve(codemateOptions.Value.WorkspacesRoot, owner, name, issue.Number, out var paths, out var error))
        {
            Log.UnsafePath(logger, error);
            throw new WorkspaceException($"Refusing to create a workspace: {error}.");
        }

        return (paths, owner, name);
    }

    /// <summary>Checks out <paramref name="branch"/>, reusing it when it exists locally or on GitHub; returns whether it existed.</summary>
    private async Task<bool> CheckOutBranchAsync(string workspace, string branch, string defaultBranch, CancellationToken cancellationToken)
    {
        var local = "refs/heads/" + branch;
        var remote = "refs/remotes/origin/" + branch;
        var current = await RunAsync(workspace, ["symbolic-ref", "--quiet", "HEAD"], cancellationToken, allowFailure: true).ConfigureAwait(false);
        var refs = (await RunAsync(workspace, ["for-each-ref", "--format=%(refname)", local, remote], cancellationToken).ConfigureAwait(false))
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var localExists = refs.Contains(local, StringComparer.Ordinal);
        var remoteExists = refs.Contains(remote, StringComparer.Ordinal);

        if (current.StandardOutput.Trim() == local)
        {
            return true;
        }

        // The workspace may be the agent's from an earlier session: no driver its configuration names runs on checkout.
        var drivers = await RunAsync(workspace, ["config", "--name-only", "--get-regexp", GitHardening.DriverPattern], cancellationToken, allowFailure: true).ConfigureAwait(false);
        var overrides = GitHardening.DriverOverrides(drivers.StandardOutput);
        if (localExists)
        {
            await RunAsync(workspace, ["switch", branch], cancellationToken, configuration: overrides).ConfigureAwait(false);
        }
        else
        {
            await CreateBranchAsync(workspace, branch, defaultBranch, remoteExists, discardChanges: false, cancellationToken, overrides).ConfigureAwait(false);
        }

        return localExists || remoteExists;
    }

    /// <summary>
    /// Creates and checks out <paramref name="branch"/>: tracking GitHub's when <paramref name="onGitHub"/>, else from the
    /// default branch with its upstream set already, so the agent's plain <c>git push</c> goes to <c>origin/{branch}</c>.
    /// </summary>
    private async Task CreateBranchAsync(string workspace, string branch, string defaultBranch, bool onGitHub, bool discardChanges, CancellationToken cancellationToken, IReadOnlyList<KeyValuePair<string, string>>? configuration = null)
    {
        string[] start = onGitHub ? ["--track", "origin/" + branch] : ["--no-track", "origin/" + defaultBranch];
        await RunAsync(workspace, discardChanges ? ["checkout", "--quiet", "--force", "-B", branch, .. start] : ["switch", "--create", branch, .. start], cancellationToken, configuration: configuration).ConfigureAwait(false);
        if (!onGitHub)
        {
            await RunAsync(workspace, ["config", $"branch.{branch}.remote", "origin"], cancellationToken).ConfigureAwait(false);
            await RunAsync(workspace, ["config", $"branch.{branch}.merge", "refs/heads/" + branch], cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<GitResult> RunAsync(string directory, string[] arguments, CancellationToken cancellationToken, GitCredentials? credentials = null, bool allowFailure = false, IReadOnlyList<KeyValuePair<string, string>>? configuration = null) =>
        git.RunAsync(new GitCommand(directory, arguments) { Credentials = credentials, AllowFailure = allowFailure, Configuration = configuration ?? [] }, cancellationToken);

    private static void DeleteDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        // git makes its object files read-only; links are deleted, never followed.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(path, "*", options))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(path, recursive: true);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            DeleteDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is harmless: its name is unique and never reused.
        }
    }
}
