using System.Collections.Concurrent;
using System.Diagnostics;
using Codemate.Issues;
using Codemate.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// The default <see cref="ISessionSupervisor"/>. Each watched session has a gate so one check runs at a time:
/// read the status file; if it says idle and text is queued, write <c>busy</c>, paste the oldest text, and only
/// then remove it from the store. A <see cref="FileSystemWatcher"/> on the status directory triggers checks as
/// soon as an agent writes, and a slow poll catches anything the watcher missed and sessions that died. An agent this
/// process started that exits, or is still not ready after <see cref="AgentOptions.StartTimeout"/>, before its first
/// text was delivered is a failed start (<see cref="SessionExit"/>): its last screen is captured before its session ends.
/// </summary>
internal sealed partial class SessionSupervisor(
    ISessionHost host,
    IStateStore store,
    IAgentProfile profile,
    SessionPaths paths,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<SessionSupervisor> logger,
    SessionEventChannel events,
    AgentGitCredentials gitCredentials,
    SecretRedactor redactor,
    AgentSandbox sandbox,
    Diagnostics.CodemateMetrics metrics,
    Replicas.IIssueOwnership ownership) : ISessionSupervisor, IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WatchedSession> _sessions = new(StringComparer.Ordinal);

    // Each issue's session name as its record holds it: names are allocated per issue (two repositories can share
    // the preferred one), so an issue's name is read, never recomputed.
    private readonly ConcurrentDictionary<IssueKey, string> _names = new();
    private readonly CancellationTokenSource _stopping = new();

    // Checks and watch lookups run off the caller's path; disposal waits for them so none outlives the store or tmux host.
    private readonly Hosting.BackgroundWork _background = new();
    private int _disposed;

    public async Task StartSessionAsync(SessionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.SessionName;
        _names[context.Issue] = name;
        EnsureWatching();
        if (await host.IsAliveAsync(name, cancellationToken).ConfigureAwait(false))
        {
            Log.AlreadyRunning(logger, name, context.Issue.ToString());
            Schedule(_sessions.GetOrAdd(name, _ => NewWatched(context.Issue, name)));
            return;
        }

        // A session whose agent exited keeps its pane until it is stopped; its name is needed again.
        await host.StopAsync(name, cancellationToken).ConfigureAwait(false);
        var statusFile = paths.StatusFile(name);
        _sessions.TryRemove(name, out _);
        StatusFile.Write(statusFile, string.Empty, sandbox.Enabled);

        var launchContext = new AgentLaunchContext(context, name, statusFile, paths.AgentDirectory(name));
        // Every profile's agent may write its usage file there.
        Native.PrivateFiles.CreateDirectory(launchContext.AgentDirectory);
        var launch = await profile.CreateLaunchAsync(launchContext, cancellationToken).ConfigureAwait(false);
        var environment = new Dictionary<string, string>(launch.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in SessionEnvironment.For(launchContext))
        {
            environment[key] = value;
        }

        foreach (var (key, value) in gitCredentials.Prepare(launchContext))
        {
            environment[key] = value;
        }

        await host.StartAsync(sandbox.Wrap(launch with { SessionName = name, Environment = environment }, launchContext), cancellationToken).ConfigureAwait(false);
        Log.Started(logger, name, context.Issue.ToString(), launch.Command[0]);
        var watched = NewWatched(context.Issue, name, launched: true);
        watched.Held = context.HoldDelivery;
        watched.Trace = Activity.Current?.Context ?? default;
        _sessions[name] = watched;
        Schedule(watched);
    }

    public async Task<bool> IsRunningAsync(IssueKey issue, CancellationToken cancellationToken) =>
        await host.IsAliveAsync(await NameAsync(issue, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task StopSessionAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var name = await NameAsync(issue, cancellationToken).ConfigureAwait(false);
        var watched = _sessions.TryRemove(name, out var removed) ? removed : null;
        await host.StopAsync(name, cancellationToken).ConfigureAwait(false);
        gitCredentials.Revoke(name);
        Log.Stopped(logger, name, issue.ToString());
        if (watched is not null)
        {
            SetStatus(watched, AgentStatus.Exited);
        }
    }

    public async Task AbandonAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        var name = await NameAsync(issue, cancellationToken).ConfigureAwait(false);
        // Forgotten first, so its end is never seen as the agent exiting (which would end the session's record).
        _sessions.TryRemove(name, out _);
        await host.StopAsync(name, cancellationToken).ConfigureAwait(false);
        gitCredentials.Revoke(name);
        Log.Abandoned(logger, name, issue.ToString());
    }

    public async Task<QueuedMessage> EnqueueAsync(IssueKey issue, string text, CancellationToken cancellationToken)
    {
        var message = await store.EnqueueMessageAsync(issue, text, cancellationToken).ConfigureAwait(false);
        NotifyQueued(issue);
        return message;
    }

    public void NotifyQueued(IssueKey issue)
    {
        if (_names.TryGetValue(issue, out var known) && _sessions.TryGetValue(known, out var watched))
        {
            watched.Held = false;
            // The text just queued belongs to the work that queued it: its delivery is a span of that work's trace.
            if (Activity.Current is { } current)
            {
                watched.Trace = current.Context;
            }

            Schedule(watched);
            return;
        }

        // Not watched yet (queued before the start, or after a restart): watch it if tmux runs it.
        _background.Start(async () =>
        {
            var name = SessionNames.For(issue);
            try
            {
                name = await NameAsync(issue, _stopping.Token).ConfigureAwait(false);
                if (await host.IsAliveAsync(name, _stopping.Token).ConfigureAwait(false))
                {
                    EnsureWatching();
                    Schedule(_sessions.GetOrAdd(name, _ => NewWatched(issue, name)));
                }
            }
            catch (Exception exception) when (!_stopping.IsCancellationRequested)
            {
                Log.CheckFailed(logger, name, exception);
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public AgentStatus GetStatus(IssueKey issue) =>
        _names.TryGetValue(issue, out var name) && _sessions.TryGetValue(name, out var watched) ? watched.Status : AgentStatus.Unknown;

    public DateTimeOffset? GetStatusReportedAt(IssueKey issue)
    {
        // The agent can replace its status file with a link; its target's time is not the agent's report.
        if (!_names.TryGetValue(issue, out var name))
        {
            return null;
        }

        var written = AgentFile.LastWriteTimeUtc(paths.StatusFile(name));
        return written is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var alive = (await host.ListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var record in await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            _names[record.Issue] = record.SessionName;
            // Another replica may run the issue now (this one was silent too long): its heartbeat stops the leftover.
            if (alive.Contains(record.SessionName) && !_sessions.ContainsKey(record.SessionName)
                && await ownership.TryTakeAsync(record.Issue, cancellationToken).ConfigureAwait(false))
            {
                EnsureWatching();
                Log.Resumed(logger, record.SessionName, record.Issue.ToString());
                Schedule(_sessions.GetOrAdd(record.SessionName, _ => NewWatched(record.Issue, record.SessionName)));
            }
        }
    }

    /// <summary>Stops watching and waits for the checks already running: a paste in progress ends before the store does.</summary>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _background.SettledAsync(CancellationToken.None).ConfigureAwait(false);
    }

    // A container disposed synchronously still stops every check; they end at their next cancellation point.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        lock (_watchLock)
        {
            _watcher?.Dispose();
            _poll?.Dispose();
        }

        // _stopping is only cancelled, never disposed: late watcher events and timer ticks still read its token.
    }

    /// <summary>The issue's session name: as this process knows it, else as its record holds it, else the preferred one.</summary>
    private async ValueTask<string> NameAsync(IssueKey issue, CancellationToken cancellationToken)
    {
        if (_names.TryGetValue(issue, out var known))
        {
            return known;
        }

        var stored = (await store.GetSessionAsync(issue, cancellationToken).ConfigureAwait(false))?.SessionName;
        return stored is null ? SessionNames.For(issue) : _names.GetOrAdd(issue, stored);
    }

    private WatchedSession NewWatched(IssueKey issue, string name, bool launched = false) =>
        new(issue, name, paths.StatusFile(name), time.GetTimestamp(), launched);

    private void SetStatus(WatchedSession session, AgentStatus status, SessionExit? exit = null)
    {
        var previous = session.Status;
        if (previous == status)
        {
            return;
        }

        session.Status = status;
        Log.StatusChanged(logger, session.Name, previous, status);
        events.Publish(new AgentStatusChanged(session.Issue, session.Name, previous, status, time.GetUtcNow(), exit));
    }
}
