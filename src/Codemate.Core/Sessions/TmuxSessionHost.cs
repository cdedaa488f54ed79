using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Diagnostics;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// One tmux server per session, each on its own socket (<c>tmux -S</c>, see <see cref="TmuxSockets"/>), never the
/// operator's default one: an agent's <c>$TMUX</c> leads to its own session only, and one server's end is one session's.
/// Sessions are still targeted exactly (<c>-t =name</c>, panes as <c>=name:</c>) because tmux otherwise matches names by
/// prefix. Text goes to the pane through a tmux buffer loaded from standard input, never through a shell or argv. Every
/// tmux client runs with only the allow-listed part of Codemate's environment (<see cref="AgentEnvironment"/>): the
/// server it starts, and so every agent, never inherits the rest. Sessions keep their pane when the agent exits
/// (<c>remain-on-exit</c>), so its last screen can still be read; they count as running only while the agent does, and
/// end with their server at <see cref="StopAsync"/>.
/// </summary>
internal sealed class TmuxSessionHost(IOptions<AgentOptions> options, AgentEnvironment environment) : ISessionHost
{
    /// <summary>How many servers a listing asks at once: each answer is a tmux client process.</summary>
    private const int ListingParallelism = 4;

    /// <summary>How many polls may pass before every server is asked again, whatever its processes show.</summary>
    private const int PollsBetweenAsking = 12;

    private readonly TmuxSockets _sockets = new(options);

    private readonly TmuxLiveness _liveness = new(options.Value.StatusPollInterval * PollsBetweenAsking, TimeProvider.System);

    public async Task<bool> IsAliveAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        var result = await ExecuteAsync(sessionName, ["display-message", "-p", "-t", PaneTarget(sessionName), "#{pane_dead}"], null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !IsNoServer(result.StandardError) && !result.StandardError.Contains("can't find", StringComparison.Ordinal))
        {
            // Not an answer about the session: "not alive" here would start a second agent beside the first.
            throw new TmuxException("display-message", result.ExitCode, result.StandardError.Trim());
        }

        return result.ExitCode == 0 && result.StandardOutput.Trim() == "0";
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var alive = new System.Collections.Concurrent.ConcurrentBag<string>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ListingParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(_sockets.List(), parallel, async (socket, token) =>
        {
            foreach (var name in await ListServerAsync(socket, token).ConfigureAwait(false))
            {
                alive.Add(name);
            }
        }).ConfigureAwait(false);
        return [.. alive.Order(StringComparer.Ordinal)];
    }

    /// <summary>The running session of the server on <paramref name="socket"/>, if any; a socket no server answers on is removed.</summary>
    private async Task<IReadOnlyList<string>> ListServerAsync(string socket, CancellationToken cancellationToken)
    {
        if (_liveness.RunningOn(socket) is { } known)
        {
            return [known];
        }

        // One pane per session: a session whose pane is dead has an agent that exited.
        string[] listPanes = ["list-panes", "-a", "-F", "#{pane_dead} #{pid} #{pane_pid} #{session_name}"];
        var result = await ExecuteOnAsync(socket, listPanes, null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            var running = new List<string>();
            foreach (var fields in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 4)))
            {
                // Only the session this socket belongs to: its name leads back here.
                if (fields is ["0", var server, var pane, var name] && _sockets.PathFor(name) == socket)
                {
                    running.Add(name);
                    _liveness.Remember(socket, name, ParsePid(server), ParsePid(pane));
                }
            }

            return running;
        }

        // Only tmux saying nothing runs means no session; any other failure read as "none" would end a live session.
        if (!IsNoServer(result.StandardError))
        {
            throw new TmuxException("list-panes", result.ExitCode, result.StandardError.Trim());
        }

        await TmuxStaleSocket.RemoveAsync(socket, token => ExecuteOnAsync(socket, listPanes, null, token), cancellationToken).ConfigureAwait(false);
        return [];
    }

    /// <summary>
    /// tmux's answer when no server runs on the socket: "no server running on …" (also for a stale socket file),
    /// "error connecting to … (No such file or directory)" when the socket does not exist, or "server exited
    /// unexpectedly" when the server quit while answering (it exits with its last session).
    /// </summary>
    internal static bool IsNoServer(string standardError) =>
        standardError.StartsWith("no server running on ", StringComparison.Ordinal)
        || standardError.StartsWith("server exited unexpectedly", StringComparison.Ordinal)
        || (standardError.StartsWith("error connecting to ", StringComparison.Ordinal) && standardError.Contains("(No such file or directory)", StringComparison.Ordinal));

    public async Task StartAsync(SessionLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        CheckName(launch.SessionName);
        if (launch.Command.Count == 0)
        {
            throw new ArgumentException("The launch has no command.", nameof(launch));
        }

        var arguments = new List<string> { "new-session", "-d", "-s", launch.SessionName, "-c", EscapeTrailingSemicolon(launch.WorkingDirectory) };
        foreach (var (name, value) in launch.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            arguments.Add("-e");
            arguments.Add(EscapeTrailingSemicolon($"{name}={value}"));
        }

        // tmux can lose the last output of a program that exits at once (its pane is read after the program is gone),
        // and that output is what says why an agent could not start: a shell keeps the terminal open a moment longer.
        arguments.AddRange(["--", "/bin/sh", "-c", OutputDrain, "codemate-agent"]);
        arguments.AddRange(launch.ExecutedCommand.Select(EscapeTrailingSemicolon));

        // In the same tmux command, so the option is set before the server can see an agent that exits at once.
        arguments.AddRange([";", "set-option", "-w", "-t", PaneTarget(launch.SessionName), "remain-on-exit", "on"]);
        _sockets.EnsureDirectory();
        await RunAsync(launch.SessionName, [.. arguments], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendTextAsync(string sessionName, string text, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        var clean = TerminalText.Sanitize(text);
        var buffer = $"codemate-{Guid.NewGuid():N}";
        var pane = PaneTarget(sessionName);
        await RunAsync(sessionName, ["load-buffer", "-b", buffer, "-"], clean, cancellationToken).ConfigureAwait(false);
        try
        {
            // -p: bracketed paste when the application asked for it; -r: keep LF as LF (tmux would turn it into CR,
            // which an application in raw mode cannot tell from Enter); -d: delete the buffer afterwards.
            await RunAsync(sessionName, ["paste-buffer", "-p", "-r", "-d", "-b", buffer, "-t", pane], null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ExecuteAsync(sessionName, ["delete-buffer", "-b", buffer], null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await RunAsync(sessionName, ["send-keys", "-t", pane, "Enter"], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task PressEnterAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        await RunAsync(sessionName, ["send-keys", "-t", PaneTarget(sessionName), "Enter"], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CapturePaneAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        var result = await RunAsync(sessionName, ["capture-pane", "-p", "-J", "-S", $"-{ScrollbackLines}", "-t", PaneTarget(sessionName)], null, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput;
    }

    public async Task StopAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        // The session's server goes with it, so nothing of the session survives in tmux. A session that is already
        // gone is what the caller wanted; the exit code is not interesting. tmux leaves its socket file behind.
        var socket = _sockets.PathFor(sessionName);
        _liveness.Forget(socket);
        await ExecuteOnAsync(socket, ["kill-server"], null, cancellationToken).ConfigureAwait(false);
        if (File.Exists(socket))
        {
            File.Delete(socket);
        }
    }

    /// <summary>Runs its arguments as a command, then waits a moment before exiting with the command's status.</summary>
    private const string OutputDrain = "\"$@\"; status=$?; sleep 0.2; exit $status";

    /// <summary>Lines above the visible screen that a capture includes: when an agent exits, tmux's note scrolls its last line off.</summary>
    private const int ScrollbackLines = 100;

    private static int ParsePid(string text) => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : 0;

    private static string PaneTarget(string sessionName) => "=" + sessionName + ":";

    private static void CheckName(string sessionName)
    {
        if (string.IsNullOrEmpty(sessionName) || SessionNames.Sanitize(sessionName) != sessionName)
        {
            throw new ArgumentException($"'{SessionNames.Sanitize(sessionName ?? string.Empty)}' is not a sanitised tmux session name.", nameof(sessionName));
        }
    }

    private async Task<BufferedCommandResult> RunAsync(string sessionName, string[] arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(sessionName, arguments, standardInput, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new TmuxException(arguments[0], result.ExitCode, result.StandardError.Trim());
        }

        return result;
    }

    private Task<BufferedCommandResult> ExecuteAsync(string sessionName, string[] arguments, string? standardInput, CancellationToken cancellationToken) =>
        ExecuteOnAsync(_sockets.PathFor(sessionName), arguments, standardInput, cancellationToken);

    /// <summary>Runs one tmux command as a span named for its first argument, which is always Codemate's own literal.</summary>
    private async Task<BufferedCommandResult> ExecuteOnAsync(string socket, string[] arguments, string? standardInput, CancellationToken cancellationToken)
    {
        using var activity = CommandSpan.Start(CommandSpan.TmuxName, TelemetryTags.TmuxCommand, arguments[0]);
        var command = Cli.Wrap("tmux")
            .WithArguments(args => args.Add("-S").Add(socket).Add(arguments))
            .WithEnvironmentVariables(environment.Removed)
            .WithValidation(CommandResultValidation.None);
        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput, Encoding.UTF8));
        }

        try
        {
            var result = await command.ExecuteBufferedAsync(Encoding.UTF8, cancellationToken).ConfigureAwait(false);
            CommandSpan.Ended(activity, result.ExitCode);
            return result;
        }
        catch (Exception exception)
        {
            CommandSpan.Failed(activity, exception.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// tmux reads an argument ending in <c>;</c> as the end of a command (so every argument that is not Codemate's own
    /// is escaped) (and drops the <c>;</c>); a backslash
    /// before it makes it literal, and tmux removes exactly that backslash.
    /// </summary>
    internal static string EscapeTrailingSemicolon(string argument) =>
        argument.EndsWith(';') ? string.Concat(argument.AsSpan(0, argument.Length - 1), "\\;") : argument;
}
