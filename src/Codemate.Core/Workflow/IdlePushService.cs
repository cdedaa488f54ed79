using System.Collections.Concurrent;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workspaces;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Workflow;

/// <summary>
/// When an agent goes idle, pushes commits it made but did not push, so the draft pull request shows the work
/// even if the agent forgot. Pushes for one issue never overlap; the push runs off the delivery path.
/// </summary>
internal sealed partial class IdlePushService(
    ISessionSupervisor sessions,
    IStateStore store,
    IWorkspaceManager workspaces,
    ILogger<IdlePushService> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<IssueKey, SemaphoreSlim> _locks = new();
    private readonly CancellationTokenSource _stopping = new();

    public event EventHandler<IssueKey>? Pushed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.StatusChanged += OnStatusChanged;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.StatusChanged -= OnStatusChanged;
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void OnStatusChanged(object? sender, SessionStatusChangedEventArgs e)
    {
        if (e.Current == AgentStatus.Idle && e.Previous == AgentStatus.Busy)
        {
            _ = Task.Run(() => PushAsync(e.Issue, _stopping.Token));
        }
    }

    private async Task PushAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(issue, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var record = await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false);
            if (record?.Workspace is null)
            {
                return;
            }

            if (await workspaces.PushIfAheadAsync(record.Workspace, record.Branch, record.InstallationId, cancellationToken).ConfigureAwait(false))
            {
                Log.Pushed(logger, issue.Repository.FullName, issue.Number, record.Branch);
                Pushed?.Invoke(this, issue);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.PushFailed(logger, issue.Repository.FullName, issue.Number, exception);
        }
        finally
        {
            gate.Release();
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
