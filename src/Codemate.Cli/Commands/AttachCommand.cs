using System.CommandLine;
using System.Diagnostics;
using Codemate.Issues;
using Codemate.Health;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate attach owner/repo#N</c>: the terminal joins that issue's tmux session.</summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        var issue = new Argument<string>("issue") { Description = "The issue, as owner/repo#N." };
        var command = new Command("attach", "Attach this terminal to an issue's agent session (detach with Ctrl-b d).") { issue };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(issue)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string text, CancellationToken cancellationToken)
    {
        if (!IssueKey.TryParse(text, out var key))
        {
            return StartupError.Report($"'{text}' is not an issue; write it as owner/repo#N.");
        }

        using var host = CliHost.Build();
        await host.Services.GetRequiredService<IStateStore>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        var terminal = await host.Services.GetRequiredService<CodemateStatus>().GetTerminalAsync(key, cancellationToken).ConfigureAwait(false);
        if (!terminal.Running)
        {
            return StartupError.Report($"No running session for {key} (tmux session '{terminal.SessionName}'). See 'codemate sessions'.");
        }

        // The terminal is handed to tmux as is: no redirection, so tmux sees a real tty.
        // The session's own server: each session has one.
        var start = new ProcessStartInfo("tmux") { UseShellExecute = false };
        foreach (var argument in new[] { "-S", terminal.SocketPath, "attach-session", "-t", "=" + terminal.SessionName })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new CodemateException("Could not start tmux.");
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }
}
