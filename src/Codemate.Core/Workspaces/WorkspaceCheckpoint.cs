using System.Text;
using Codemate.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workspaces;

/// <summary>
/// Commits what an agent left uncommitted in its worktree when its session ends (stop, budget, close), so the push
/// that follows takes the work to GitHub. Runs after the agent is gone, through the same hardened <see cref="IGitRunner"/>
/// as every other git Codemate runs (no hooks, no fsmonitor), with the filter drivers the worktree's configuration names
/// switched off, and with plumbing rather than <c>git commit</c>: nothing the repository configures runs. Bounded in
/// size (<see cref="CheckpointChanges"/>) and in time, so a huge worktree cannot hold up the stop. Best effort: a
/// failure is logged and the stop goes on.
/// </summary>
internal sealed partial class WorkspaceCheckpoint(
    IGitRunner git,
    IOptions<CodemateOptions> codemateOptions,
    IOptions<WorkspaceOptions> options,
    ILogger<WorkspaceCheckpoint> logger)
{
    // Paths go to git as arguments, in batches well below the kernel's limits on one argument list.
    private const int MaxBatchChars = 64 * 1024;

    /// <summary>Commits the worktree's changes on <paramref name="branch"/>; returns the commit, or <see langword="null"/> when there was nothing to commit (or it failed).</summary>
    public async Task<string?> CommitAsync(string workspacePath, string branch, string reason, CancellationToken cancellationToken)
    {
        var workspace = Path.GetFullPath(workspacePath);
        if (!WorkspacePaths.IsUnder(codemateOptions.Value.WorkspacesRoot, workspace) || !WorkspacePaths.IsPlainRepository(workspace))
        {
            Log.NotAWorkspace(logger, workspace);
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = options.Value.CheckpointTimeout;
        timeout.CancelAfter(limit);
        try
        {
            return await CommitChangesAsync(workspace, branch, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TimedOut(logger, workspace, limit);
            RemoveIndexLock(workspace);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Failed(logger, workspace, exception);
            return null;
        }
    }

    private async Task<string?> CommitChangesAsync(string workspace, string branch, string reason, CancellationToken cancellationToken)
    {
        var reference = "refs/heads/" + branch;
        var current = await RunAsync(workspace, ["symbolic-ref", "--quiet", "HEAD"], [], cancellationToken, allowFailure: true).ConfigureAwait(false);
        if (current.StandardOutput.Trim() != reference)
        {
            // The worktree holds another branch's files: committing them onto the branch would be wrong.
            Log.NotOnBranch(logger, workspace, branch);
            return null;
        }

        var drivers = await RunAsync(workspace, ["config", "--name-only", "--get-regexp", GitHardening.DriverPattern], [], cancellationToken, allowFailure: true).ConfigureAwait(false);
        var overrides = GitHardening.DriverOverrides(drivers.StandardOutput);
        var head = (await RunAsync(workspace, ["rev-parse", "--verify", reference + "^{commit}"], overrides, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        var status = await RunAsync(workspace, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignore-submodules=all"], overrides, cancellationToken).ConfigureAwait(false);
        var changes = CheckpointChanges.Select(workspace, status.StandardOutput, options.Value);
        if (changes.Included.Count == 0 && changes.LeftOut.Count == 0)
        {
            return null;
        }

        foreach (var batch in Batches(changes.Included))
        {
            await RunAsync(workspace, ["--literal-pathspecs", "add", "--all", "--", .. batch], overrides, cancellationToken).ConfigureAwait(false);
        }

        // What the agent itself staged of a left-out file stays out too.
        foreach (var batch in Batches(changes.LeftOut))
        {
            await RunAsync(workspace, ["--literal-pathspecs", "reset", "--quiet", "--", .. batch], overrides, cancellationToken).ConfigureAwait(false);
        }

        var tree = (await RunAsync(workspace, ["write-tree"], overrides, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        var headTree = (await RunAsync(workspace, ["rev-parse", "--verify", head + "^{tree}"], overrides, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        if (tree == headTree)
        {
            Log.NothingCommitted(logger, workspace, changes.LeftOut.Count);
            return null;
        }

        var settings = options.Value;
        List<KeyValuePair<string, string>> identity = [.. overrides, new("user.name", settings.CommitterName), new("user.email", settings.CommitterEmail)];
        var commit = (await RunAsync(workspace, ["commit-tree", tree, "-p", head, "-m", changes.Message(reason)], identity, cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        // Compare-and-set on the branch: a push or a start that moved it meanwhile wins, and this commit is dropped.
        await RunAsync(workspace, ["update-ref", "-m", "codemate: checkpoint", reference, commit, head], overrides, cancellationToken).ConfigureAwait(false);
        Log.Committed(logger, workspace, branch, commit, changes.Included.Count, changes.LeftOut.Count);
        return commit;
    }

    /// <summary>A git killed at the time limit may leave its lock behind; nothing else writes this index now that the agent is gone.</summary>
    private void RemoveIndexLock(string workspace)
    {
        try
        {
            File.Delete(Path.Combine(workspace, ".git", "index.lock"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.Failed(logger, workspace, exception);
        }
    }

    private static IEnumerable<List<string>> Batches(IReadOnlyList<string> paths)
    {
        var batch = new List<string>();
        var length = 0;
        foreach (var path in paths)
        {
            var size = Encoding.UTF8.GetByteCount(path) + 1;
            if (batch.Count > 0 && length + size > MaxBatchChars)
            {
                yield return batch;
                batch = [];
                length = 0;
            }

            batch.Add(path);
            length += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private Task<GitResult> RunAsync(string workspace, string[] arguments, IReadOnlyList<KeyValuePair<string, string>> configuration, CancellationToken cancellationToken, bool allowFailure = false) =>
        git.RunAsync(new GitCommand(workspace, arguments) { Configuration = configuration, AllowFailure = allowFailure }, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(4301, LogLevel.Information, "Committed a checkpoint {Commit} on {Branch} in {Workspace}: {Files} file(s), {LeftOut} left out")]
        public static partial void Committed(ILogger logger, string workspace, string branch, string commit, int files, int leftOut);

        [LoggerMessage(4302, LogLevel.Warning, "No checkpoint in {Workspace}: HEAD is not on {Branch}")]
        public static partial void NotOnBranch(ILogger logger, string workspace, string branch);

        [LoggerMessage(4303, LogLevel.Warning, "The checkpoint in {Workspace} did not finish within {Timeout} and was given up")]
        public static partial void TimedOut(ILogger logger, string workspace, TimeSpan timeout);

        [LoggerMessage(4304, LogLevel.Warning, "Could not commit a checkpoint in {Workspace}")]
        public static partial void Failed(ILogger logger, string workspace, Exception exception);

        [LoggerMessage(4305, LogLevel.Warning, "No checkpoint in {Workspace}: every change ({LeftOut} file(s)) was past the checkpoint's limits")]
        public static partial void NothingCommitted(ILogger logger, string workspace, int leftOut);

        [LoggerMessage(4306, LogLevel.Warning, "Refused a checkpoint in {Workspace}: not a plain workspace under the root")]
        public static partial void NotAWorkspace(ILogger logger, string workspace);
    }
}
