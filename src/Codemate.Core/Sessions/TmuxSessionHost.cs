using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Diagnostics;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// tmux on Codemate's own server (<c>-L name</c>, or <c>-S path</c>), never the operator's default one; tmux
/// itself decides where <c>-L</c> sockets live, honouring <c>TMUX_TMPDIR</c>. Sessions are always targeted
/// exactly (<c>-t =name</c>, panes as <c>=name:</c>) because tmux otherwise matches names by prefix. Text goes
/// to the pane through a tmux buffer loaded from standard input, never through a shell or argv. Every tmux client
/// runs with only the allow-listed part of Codemate's environment (<see cref="AgentEnvironment"/>): the server it
/// starts, and so every agent, never inherits the rest. Sessions keep their pane when the agent exits (<c>remain-on-exit</c>), so its
/// last screen can still be read; they count as running only while the agent does, and end at <see cref="StopAsync"/>.
/// </summary>
internal sealed class TmuxSessionHost(IOptions<AgentOptions> options, AgentEnvironment environment) : ISessionHost
{
    public TmuxSessionHost(IOptions<AgentOptions> options)
        : this(options, AgentEnvironment.AllowListOnly)
    {
    }

    public async Task<bool> IsAliveAsync(string sessionName, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(["display-message", "-p", "-t", PaneTarget(sessionName), "#{pane_dead}"], null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !IsNoServer(result.StandardError) && !result.StandardError.Contains("can't find", StringComparison.Ordinal))
        {
            // Not an answer about the session: "not alive" here would start a second agent beside the first.
            throw new TmuxException("display-message", result.ExitCode, result.StandardError.Trim());
        }

        return result.ExitCode == 0 && result.StandardOutput.Trim() == "0";
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        // One pane per session: a session whose pane is dead has an agent that exited.
        var result = await ExecuteAsync(["list-panes", "-a", "-F", "#{pane_dead} #{session_name}"], null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("0 ", StringComparison.Ordinal)).Select(line => line[2..])];
        }

        // Only tmux saying nothing runs means no sessions; any other failure read as "none" would end live sessions.
        return IsNoServer(result.StandardError) ? [] : throw new TmuxException("list-panes", result.ExitCode, result.StandardError.Trim());
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
        await RunAsync([.. arguments], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendTextAsync(string sessionName, string text, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        var clean = TerminalText.Sanitize(text);
        var buffer = $"codemate-{Guid.NewGuid():N}";
        var pane = PaneTarget(sessionName);
        await RunAsync(["load-buffer", "-b", buffer, "-"], clean, cancellationToken).ConfigureAwait(false);
        try
        {
            // -p: bracketed paste when the application asked for it; -r: keep LF as LF (tmux would turn it into CR,
            // which an application in raw mode cannot tell from Enter); -d: delete the buffer afterwards.
            await RunAsync(["paste-buffer", "-p", "-r", "-d", "-b", buffer, "-t", pane], null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ExecuteAsync(["delete-buffer", "-b", buffer], null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await RunAsync(["send-keys", "-t", pane, "Enter"], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task PressEnterAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        await RunAsync(["send-keys", "-t", PaneTarget(sessionName), "Enter"], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CapturePaneAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        var result = await RunAsync(["capture-pane", "-p", "-J", "-S", $"-{ScrollbackLines}", "-t", PaneTarget(sessionName)], null, cancellationToken).ConfigureAwait(false);
        return result.StandardOutput;
    }

    public async Task StopAsync(string sessionName, CancellationToken cancellationToken)
    {
        CheckName(sessionName);
        // A session that is already gone is what the caller wanted; the exit code is not interesting.
        await ExecuteAsync(["kill-session", "-t", SessionTarget(sessionName)], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs its arguments as a command, then waits a moment before exiting with the command's status.</summary>
    private const string OutputDrain = "\"$@\"; status=$?; sleep 0.2; exit $status";

    /// <summary>Lines above the visible screen that a capture includes: when an agent exits, tmux's note scrolls its last line off.</summary>
    private const int ScrollbackLines = 100;

    private static string SessionTarget(string sessionName) => "=" + sessionName;

    private static string PaneTarget(string sessionName) => "=" + sessionName + ":";

    private static void CheckName(string sessionName)
    {
        if (string.IsNullOrEmpty(sessionName) || SessionNames.Sanitize(sessionName) != sessionName)
        {
            throw new ArgumentException($"'{SessionNames.Sanitize(sessionName ?? string.Empty)}' is not a sanitised tmux session name.", nameof(sessionName));
        }
    }

    private async Task<BufferedCommandResult> RunAsync(string[] arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(arguments, standardInput, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new TmuxException(arguments[0], result.ExitCode, result.StandardError.Trim());
        }

        return result;
    }

    /// <summary>Runs one tmux command as a span named for its first argument, which is always Codemate's own literal.</summary>
    private async Task<BufferedCommandResult> ExecuteAsync(string[] arguments, string? standardInput, CancellationToken cancellationToken)
    {
        using var activity = CommandSpan.Start(CommandSpan.TmuxName, TelemetryTags.TmuxCommand, arguments[0]);
        var command = Tmux(arguments);
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

    private Command Tmux(string[] arguments)
    {
        var socketPath = options.Value.TmuxSocketPath;
        return Cli.Wrap("tmux")
            .WithArguments(args =>
            {
                if (string.IsNullOrWhiteSpace(socketPath))
                {
                    args.Add("-L").Add(options.Value.TmuxSocket);
                }
                else
                {
                    args.Add("-S").Add(socketPath);
                }

                args.Add(arguments);
            })
            .WithEnvironmentVariables(environment.Removed)
            .WithValidation(CommandResultValidation.None);
    }

    /// <summary>
    /// tmux reads an argument ending in <c>;</c> as the end of a command (so every argument that is not Codemate's own
    /// is escaped) (and drops the <c>;</c>); a backslash
    /// before it makes it literal, and tmux removes exactly that backslash.
    /// </summary>
    internal static string EscapeTrailingSemicolon(string argument) =>
        argument.EndsWith(';') ? string.Concat(argument.AsSpan(0, argument.Length - 1), "\\;") : argument;
}
