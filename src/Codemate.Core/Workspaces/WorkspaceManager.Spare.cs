using Codemate.Issues;
using Codemate.Native;

namespace Codemate.Workspaces;

/// <summary>
/// The spare workspace: a clone of the mirror, checked out and waiting beside it. Most of a new workspace's cost is
/// writing out every file; with a spare, a new issue renames it into place, fetches what changed since it was made and
/// checks out only the files that differ. Each spare taken is replaced in the background, off the issue's path.
/// </summary>
internal sealed partial class WorkspaceManager
{
    private readonly KeyedLock _spareLocks = new();
    private readonly Hosting.BackgroundWork _spareWork = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Completes when no spare is being made (tests wait on it; shutdown cancels and awaits the same work).</summary>
    internal Task SparesSettledAsync() => _spareWork.SettledAsync(CancellationToken.None);

    /// <summary>
    /// Called under the mirror's lock. Brings the spare up to date where it lies, with the issue's branch checked out, and
    /// only then renames it into place. Returns whether the branch was on GitHub already, or null when there was no spare.
    /// </summary>
    private async Task<bool?> TryTakeSpareAsync(IssueKey issue, WorkspacePaths paths, string defaultBranch, CancellationToken cancellationToken)
    {
        if (!workspaceOptions.Value.SpareWorkspace)
        {
            return null;
        }

        // A spare still being made writes its files at the lowest priority, which under load can take far longer than a
        // clone of our own: the issue does not wait for it (holding the mirror's lock meanwhile), it clones.
        using var spareLock = _spareLocks.TryAcquire(paths.Spare);
        if (spareLock is null)
        {
            Log.SpareBusy(logger, issue.Repository.FullName, issue.Number);
            return null;
        }

        if (!Directory.Exists(Path.Combine(paths.Spare, ".git")))
        {
            return null;
        }

        bool onGitHub;
        try
        {
            await FetchFromMirrorAsync(paths.Spare, paths.Mirror, cancellationToken).ConfigureAwait(false);
            var remoteBranch = await RunAsync(paths.Spare, ["rev-parse", "--verify", "--quiet", "refs/remotes/origin/" + issue.Branch], cancellationToken, allowFailure: true).ConfigureAwait(false);
            onGitHub = remoteBranch.ExitCode == 0;
            // One checkout, straight to the issue's branch: only the files that differ from the spare's are written.
            await CreateBranchAsync(paths.Spare, issue.Branch, defaultBranch, onGitHub, discardChanges: true, cancellationToken).ConfigureAwait(false);
            // As a fresh clone would have it: the default branch where GitHub has it now.
            await RunAsync(paths.Spare, ["branch", "--force", defaultBranch, "origin/" + defaultBranch], cancellationToken).ConfigureAwait(false);
            Directory.Move(paths.Spare, paths.Workspace);
        }
        catch (Exception exception) when (exception is CodemateException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // A spare cut short (cancelled, timed out, another disk) is never handed on: it goes, and the issue clones.
            TryDeleteDirectory(paths.Spare);
            if (exception is OperationCanceledException)
            {
                throw;
            }

            Log.SpareFailed(logger, exception, issue.Repository.FullName, paths.Spare);
            return null;
        }

        Log.TookSpare(logger, issue.Repository.FullName, issue.Number, paths.Workspace);
        return onGitHub;
    }

    private void ReplenishSpare(IssueKey issue, WorkspacePaths paths, string remoteUrl, string defaultBranch)
    {
        if (!workspaceOptions.Value.SpareWorkspace || _stopping.IsCancellationRequested || Directory.Exists(Path.Combine(paths.Spare, ".git")))
        {
            return;
        }

        _spareWork.Start(() => MakeSpareAsync(issue, paths, remoteUrl, defaultBranch, _stopping.Token));
    }

    private async Task MakeSpareAsync(IssueKey issue, WorkspacePaths paths, string remoteUrl, string defaultBranch, CancellationToken cancellationToken)
    {
        var temporary = TemporaryBeside(paths.Spare);
        try
        {
            // Mirror, then spare: the order PrepareAsync takes them in. The mirror is held only while its objects are
            // linked, so no fetch (or the gc it may start) changes them under the clone; the checkout needs only the spare.
            var mirrorLock = await _mirrorLocks.AcquireAsync(paths.Mirror, cancellationToken).ConfigureAwait(false);
            try
            {
                using (await _spareLocks.AcquireAsync(paths.Spare, cancellationToken).ConfigureAwait(false))
                {
                    if (Directory.Exists(Path.Combine(paths.Spare, ".git")))
                    {
                        return;
                    }

                    // Left without .git by something outside Codemate: it would block every later spare.
                    DeleteDirectory(paths.Spare);
                    await RunAsync(Path.GetDirectoryName(paths.Spare)!, CloneArguments(paths.Mirror, temporary, defaultBranch, checkout: false), cancellationToken).ConfigureAwait(false);
                    mirrorLock.Dispose();
                    // Writing out every file is the long part (seconds on a large repository): it runs while the issue that
                    // took the last spare is pushing its branch and starting its agent, so it gets only the CPU they leave.
                    await git.RunAsync(new GitCommand(temporary, ["reset", "--quiet", "--hard"]) { Background = true }, cancellationToken).ConfigureAwait(false);
                    await RunAsync(temporary, ["remote", "set-url", "origin", remoteUrl], cancellationToken).ConfigureAwait(false);
                    PrivateFiles.RestrictDirectory(temporary);
                    Directory.Move(temporary, paths.Spare);
                }
            }
            finally
            {
                mirrorLock.Dispose();
            }

            Log.MadeSpare(logger, issue.Repository.FullName, paths.Spare);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Only an optimisation: the next issue clones as it would have without one.
            Log.SpareFailed(logger, exception, issue.Repository.FullName, paths.Spare);
        }
        finally
        {
            TryDeleteDirectory(temporary);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await SparesSettledAsync().ConfigureAwait(false);
    }

    // A container disposed synchronously still stops spare work; a clone cut short removes its temporary directory.
    public void Dispose() => _stopping.Cancel();
}
