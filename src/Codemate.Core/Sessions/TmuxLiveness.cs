using System.Collections.Concurrent;
using System.Globalization;

namespace Codemate.Sessions;

/// <summary>
/// Remembers, for each socket, the session its server last reported running and the processes behind it (the server
/// and the pane's program), so a listing asks tmux again only when one of them has gone: with one server per session a
/// listing would otherwise start one tmux client per session on every poll. A process counts as the same one while
/// <c>/proc/{pid}/stat</c> shows the same start time (a recycled pid has another) and it is not a zombie; where there
/// is no <c>/proc</c>, nothing is remembered and tmux is always asked. What is remembered is forgotten after
/// <paramref name="maxAge"/> all the same, so a tmux that has started failing shows within that time (issue #21).
/// </summary>
internal sealed class TmuxLiveness(TimeSpan maxAge, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    /// <summary>The session still running on <paramref name="socket"/>, when both its processes are the ones remembered.</summary>
    public string? RunningOn(string socket)
    {
        if (!_running.TryGetValue(socket, out var running))
        {
            return null;
        }

        if (time.GetElapsedTime(running.AskedAt) < maxAge && running.Server == Stamp(running.Server.Pid) && running.Pane == Stamp(running.Pane.Pid))
        {
            return running.Session;
        }

        _running.TryRemove(socket, out _);
        return null;
    }

    /// <summary>Remembers what tmux just reported: <paramref name="session"/> runs on <paramref name="socket"/>.</summary>
    public void Remember(string socket, string session, int serverPid, int panePid)
    {
        if (Stamp(serverPid) is { } server && Stamp(panePid) is { } pane)
        {
            _running[socket] = new Running(session, server, pane, time.GetTimestamp());
        }
    }

    public void Forget(string socket) => _running.TryRemove(socket, out _);

    /// <summary>The process's start time since boot, or <see langword="null"/> when it is gone, a zombie, or unknowable here.</summary>
    private static ProcessStamp? Stamp(int pid)
    {
        if (!OperatingSystem.IsLinux() || pid <= 0)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain: state is
        // field 3, the start time field 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && fields[0] != "Z" ? new ProcessStamp(pid, fields[19]) : null;
    }

    private sealed record ProcessStamp(int Pid, string StartTime);

    private sealed record Running(string Session, ProcessStamp Server, ProcessStamp Pane, long AskedAt);
}
