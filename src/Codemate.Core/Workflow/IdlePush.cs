using Codemate.Issues;
using Codemate.State;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

/// <summary>
/// When an agent goes idle, pushes commits it made but did not push, so the draft pull request shows the work even if
/// the agent forgot. Runs on the session event consumer, so pushes for one issue never overlap.
/// </summary>
internal sealed partial class IdlePush(IStateStore store, IWorkspaceManager workspaces, ILogger<IdlePush> logger)
{
    /// <returns>Whether commits were pushed.</returns>
    public async Task<bool> PushAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        try
        {
            var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
            if (record?.Workspace is null)
            {
                return false;
            }

            // Its own trace: the agent's turn that made the commits has no span of Codemate's to continue.
            using var activity = Diagnostics.CodemateTelemetry.Source.StartActivity("codemate.agent.push");
            Diagnostics.IssueTags.Set(activity, issue);
            if (!await workspaces.PushIfAheadAsync(record.Workspace, record.Branch, record.InstallationId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Log.Pushed(logger, issue.Repository.FullName, issue.Number, record.Branch);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.PushFailed(logger, issue.Repository.FullName, issue.Number, exception);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(6101, LogLevel.Information, "Pushed the agent's commits on {Branch} for {Repository}#{Issue}")]
        public static partial void Pushed(ILogger logger, string repository, int issue, string branch);

        [LoggerMessage(6102, LogLevel.Warning, "Could not push the agent's commits for {Repository}#{Issue}")]
        public static partial void PushFailed(ILogger logger, string repository, int issue, Exception exception);
    }
}
