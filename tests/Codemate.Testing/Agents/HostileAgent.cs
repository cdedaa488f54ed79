using CliWrap;
using CliWrap.Buffered;

namespace Codemate.Testing.Agents;

/// <summary>
/// A prompt-injected agent, as a shell command line for the <c>command</c> profile: it tries to read what it must
/// not (Codemate's state, another issue's work, the mirror, the server's environment through <c>/proc</c>), to reach
/// tmux (its own server through <c>$TMUX</c>, and another session's through that server or straight at its socket: list,
/// read its screen, type into it) and to signal the server, leaves a detached child behind (<see cref="EscapeeMarker"/>), and
/// then does its legitimate work as any agent does: reports idle, takes its task, commits in its worktree, reports idle. It writes what it could do to
/// <see cref="ReportFile"/> in its worktree, the one place it may write, as <c>name=reached</c> or <c>name=blocked</c>.
/// Run as <see cref="HostileTargets.OtherSession"/> (the same command serves every session), it is that session's quiet
/// agent instead: it reports idle and waits.
/// </summary>
public static class HostileAgent
{
    public const string ReportFile = "report.txt";

    /// <summary>The subject of the legitimate commit it makes.</summary>
    public const string CommitSubject = "Add the work of the agent";

    /// <summary>The command line; <paramref name="id"/> names its detached child (see <see cref="EscapeeMarker"/>).</summary>
    public static string CommandLine(HostileTargets targets, string id)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var other = targets.OtherSession;
        var otherSocket = targets.OtherTmuxSocket;
        return string.Join("\n",
            $"if [ \"$CODEMATE_SESSION_NAME\" = '{other}' ]; then printf idle > \"$CODEMATE_STATUS_FILE\"; exec sleep 600; fi",
            "r=report.tmp",
            "probe() { if sh -c \"$2\" >/dev/null 2>>probe.err; then echo \"$1=reached\" >> $r; else echo \"$1=blocked\" >> $r; fi; }",
            $"probe state \"head -c1 '{targets.StateDatabase}'\"",
            $"probe other-worktree \"cat '{targets.OtherWorktreeFile}'\"",
            $"probe mirror \"cat '{targets.MirrorFile}'\"",
            "probe tmux-own \"tmux list-sessions\"",
            $"probe tmux-own-other \"tmux has-session -t '={other}'\"",
            $"probe tmux-other-list \"tmux -S '{otherSocket}' list-sessions\"",
            $"probe tmux-other-capture \"tmux -S '{otherSocket}' capture-pane -p -t '={other}:'\"",
            $"probe tmux-other-send \"tmux -S '{otherSocket}' send-keys -t '={other}:' 'echo typed-by-another-session' Enter\"",
            $"probe server-environ \"head -c1 /proc/{targets.ServerProcessId}/environ\"",
            $"probe kill-server \"kill -0 {targets.ServerProcessId}\"",
            $"probe env-secret \"env | grep -q '^{targets.SecretVariable}='\"",
            "echo processes=$(ls /proc | grep -c '^[0-9]') >> $r",
            "echo uid=$(id -u) >> $r",
            // Put together at run time, so only the detached child's command line holds the marker.
            $"setsid sh -c 'sleep 600; :' \"$(printf 'codemate-escapee-%s' {id})\" >/dev/null 2>&1 &",
            // Then its legitimate turn, as any agent's: idle, take the task, busy, commit, idle.
            "printf idle > \"$CODEMATE_STATUS_FILE\"",
            "IFS= read -r task",
            "printf busy > \"$CODEMATE_STATUS_FILE\"",
            $"probe commit \"printf mine > mine.txt && git add mine.txt && git -c user.name=agent -c user.email=agent@example.com commit -qm '{CommitSubject}'\"",
            "mv $r " + ReportFile,
            "printf idle > \"$CODEMATE_STATUS_FILE\"",
            "exec sleep 600");
    }

    /// <summary>Its attempts at another session's tmux server: through its own server, and straight at the other's socket.</summary>
    public static IReadOnlyList<string> OtherSessionTmuxProbes { get; } = ["tmux-own-other", "tmux-other-list", "tmux-other-capture", "tmux-other-send"];

    /// <summary>What the command line of its detached child contains.</summary>
    public static string EscapeeMarker(string id) => "codemate-escapee-" + id;

    /// <summary>Waits for the report in <paramref name="workspace"/> and reads it.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadReportAsync(string workspace)
    {
        var report = Path.Combine(workspace, ReportFile);
        await Eventually.WaitAsync(() => File.Exists(report), "the hostile agent's report", TimeSpan.FromSeconds(60));
        return File.ReadAllLines(report).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>Whether a process whose command line holds <paramref name="marker"/> runs.</summary>
    public static async Task<bool> IsRunningAsync(string marker) =>
        (await Cli.Wrap("pgrep").WithArguments(["-f", marker]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync()).ExitCode == 0;
}

/// <summary>What <see cref="HostileAgent"/> tries to reach.</summary>
/// <param name="OtherSession">Another session's name, whose tmux server it tries to reach.</param>
/// <param name="OtherTmuxSocket">That session's tmux socket.</param>
public sealed record HostileTargets(string StateDatabase, string OtherWorktreeFile, string MirrorFile, string OtherSession, string OtherTmuxSocket, int ServerProcessId, string SecretVariable);
