using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Codemate.Issues;
using Codemate.Health;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Cli.Commands;

/// <summary>
/// <c>codemate logs owner/repo#N</c>: what the issue's agent did, from its transcripts (each turn's prompt and the tools
/// it called, with their commands) and its model usage, for operators; it reads files only, so it works while the
/// server runs and after the session ended.
/// </summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var issue = new Argument<string>("issue") { Description = "The issue, as owner/repo#N." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("logs", "Print an issue's agent session: its turns, the tools it called with their commands, and its model usage.") { issue, json };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(issue)!, parse.GetValue(json), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(string text, bool asJson, CancellationToken cancellationToken)
    {
        if (!IssueKey.TryParse(text, out var key))
        {
            return StartupError.Report($"'{text}' is not an issue; write it as owner/repo#N.");
        }

        using var host = CliHost.Build();
        var store = host.Services.GetRequiredService<IStateStore>();
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (await store.GetSessionAsync(key, cancellationToken).ConfigureAwait(false) is not { } session)
        {
            return StartupError.Report($"Codemate has no session for {key}. See 'codemate sessions'.");
        }

        var log = LogRow.From(session, host.Services.GetRequiredService<CodemateStatus>().ReadTranscript(session));
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(log, CliJson.Default.LogRow));
        }
        else
        {
            Write(log);
        }

        return 0;
    }

    private static void Write(LogRow log)
    {
        Console.WriteLine($"{log.Issue} · {log.State} · tmux session {log.SessionName}");
        Console.WriteLine(log.Usage is { } usage ? "Model usage: " + usage.Describe() : "Model usage: none reported");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Turns: {log.Turns.Count} · tool calls: {log.Turns.Sum(t => t.ToolCalls.Count)}"));
        if (log.Turns.Count == 0)
        {
            Console.WriteLine("No transcript: the agent wrote none (a command agent), or it has not started yet.");
            return;
        }

        for (var i = 0; i < log.Turns.Count; i++)
        {
            var turn = log.Turns[i];
            var at = turn.At is { } time ? " " + time.ToString("u", CultureInfo.InvariantCulture) : string.Empty;
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Turn {i + 1}{at}: {turn.Prompt}"));
            foreach (var call in turn.ToolCalls)
            {
                Console.WriteLine(call.Detail is { } detail ? $"  {call.Tool}: {detail}" : $"  {call.Tool}");
            }
        }
    }
}
