using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workspaces;
using Codemate.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// Removes the workspace of an issue closed longer than <see cref="WorkflowOptions.WorkspaceRetention"/> ago. The
/// repository's mirror is kept, and reopening the issue clones a fresh workspace from it.
/// </summary>
internal sealed partial class WorkspaceRetentionService(
    IStateStore store,
    SessionLifecycle lifecycle,
    ISessionSupervisor sessions,
    Replicas.IIssueOwnership ownership,
    IOptions<CodemateOptions> codemate,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkspaceRetentionService> logger) : PeriodicService(time, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Value.WorkspaceRetention;
        foreach (var record in await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record is not { State: SessionState.Stopped, ClosedAt: { } closedAt, Workspace: { } workspace } || closedAt > cutoff
                || await sessions.IsRunningAsync(record.Issue, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // With several replicas the workspace is on the host that last ran the issue: only that one removes it.
            if (ownership.Shared && !Directory.Exists(workspace))
            {
                continue;
            }

            if (WorkspacePaths.IsUnder(codemate.Value.WorkspacesRoot, workspace) && Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
                Log.Removed(logger, record.Issue.Repository.FullName, record.Issue.Number, workspace);
            }

            await lifecycle.UpdateAsync(
                record.Issue,
                latest => latest is { State: SessionState.Stopped, ClosedAt: not null } ? latest with { Workspace = null } : null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8501, LogLevel.Information, "Removed the workspace {Workspace} of closed {Repository}#{Issue}")]
        public static partial void Removed(ILogger logger, string repository, int issue, string workspace);
    }
}
