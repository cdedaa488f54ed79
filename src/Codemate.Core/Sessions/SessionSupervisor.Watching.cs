using Codemate.Native;
using Microsoft.Extensions.Logging;

namespace Codemate.Sessions;

internal sealed partial class SessionSupervisor
{
    private readonly Lock _watchLock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _poll;
    private int _polling;

    /// <summary>Starts the status-directory watcher and the safety poll on first use.</summary>
    private void EnsureWatching()
    {
        lock (_watchLock)
        {
            if (_watcher is not null || _stopping.IsCancellationRequested)
            {
                return;
            }

            PrivateFiles.CreateDirectory(paths.StatusDirectory);
            var watcher = new FileSystemWatcher(paths.StatusDirectory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            watcher.Changed += (_, e) => OnStatusFileEvent(e.Name);
            watcher.Created += (_, e) => OnStatusFileEvent(e.Name);
            watcher.Renamed += (_, e) => OnStatusFileEvent(e.Name);
            watcher.Error += (_, e) =>
            {
                Log.WatcherError(logger, e.GetException());
                ScheduleAll();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;

            var interval = options.Value.StatusPollInterval;
            _poll = time.CreateTimer(_ => _ = PollAsync(), null, interval, interval);
        }
    }

    private void OnStatusFileEvent(string? fileName)
    {
        if (SessionPaths.SessionOf(fileName) is { } name && _sessions.TryGetValue(name, out var session))
        {
            Schedule(session);
        }
    }

    private void ScheduleAll()
    {
        foreach (var session in _sessions.Values)
        {
            Schedule(session);
        }
    }

    /// <summary>
    /// The agent exited, or failed to start (<paramref name="failure"/>): its last screen is read (its pane outlives
    /// it), its session ended, and the exit reported.
    /// </summary>
    private async Task EndAsync(WatchedSession session, StartFailure? failure)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, WatchedSession>(session.Name, session)))
        {
            return;
        }

        string? screen = null;
        try
        {
            screen = AgentScreen.Tail(await host.CapturePaneAsync(session.Name, _stopping.Token).ConfigureAwait(false), redactor);
            await host.StopAsync(session.Name, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.ScreenUnreadable(logger, session.Name, exception);
        }

        var exit = new SessionExit(failure, screen);
        if (failure is { } why)
        {
            Log.FailedStart(logger, session.Name, session.Issue.ToString(), why, screen ?? string.Empty);
        }
        else
        {
            Log.Exited(logger, session.Name, session.Issue.ToString());
        }

        SetStatus(session, AgentStatus.Exited, exit);
    }

    /// <summary>Notices sessions that died and checks every other one, in case the watcher missed a write.</summary>
    private async Task PollAsync()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1)
        {
            return;
        }

        try
        {
            var listedAt = time.GetTimestamp();
            var alive = (await host.ListAsync(_stopping.Token).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
            foreach (var session in _sessions.Values)
            {
                // A session watched after the listing may simply be too new to be in it.
                if (!alive.Contains(session.Name) && session.WatchedAt < listedAt)
                {
                    await EndAsync(session, session.Launched && !session.Delivered ? StartFailure.Exited : null).ConfigureAwait(false);
                    continue;
                }

                var startTimeout = options.Value.StartTimeout;
                if (session.Launched && !session.Delivered && startTimeout > TimeSpan.Zero && time.GetElapsedTime(session.WatchedAt) >= startTimeout)
                {
                    await EndAsync(session, StartFailure.NotReady).ConfigureAwait(false);
                    continue;
                }

                Schedule(session);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.PollFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
        }
    }
}
