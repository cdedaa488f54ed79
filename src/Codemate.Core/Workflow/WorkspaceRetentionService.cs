using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workspaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// Removes the workspace of an issue closed longer than <see cref="WorkflowOptions.WorkspaceRetention"/> ago. The
/// repository's mirror is kept, and reopening the issue clones a fresh workspace from it.
/// </summary>
internal sealed partial class WorkspaceRetentionService(
    IStateStore store,
    ISessionSupervisor sessions,
    IOptions<CodemateOptions> codemate,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<WorkspaceRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.SweepFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.WorkspaceRetention;
        foreach (var record in await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record is not { State: SessionState.Stopped, ClosedAt: { } closedAt, Workspace: { } workspace } || closedAt > cutoff
                || await sessions.IsRunningAsync(record.Issue, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            if (WorkspacePaths.IsUnder(codemate.Value.WorkspacesRoot, workspace) && Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
                Log.Removed(logger, record.Issue.Repository.FullName, record.Issue.Number, workspace);
            }

            await store.UpdateSessionAsync(
                record.Issue,
                latest => latest is { State: SessionState.Stopped, ClosedAt: not null } ? latest with { Workspace = null } : null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8501, LogLevel.Information, "Removed the workspace {Workspace} of closed {Repository}#{Issue}")]
        public static partial void Removed(ILogger logger, string repository, int issue, string workspace);

        [LoggerMessage(8502, LogLevel.Warning, "Could not remove old workspaces")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
