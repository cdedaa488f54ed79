using System.CommandLine;
using System.Text.Json;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Cli.Commands;

/// <summary><c>codemate sessions</c>: what the state store knows, with tmux's view of each session.</summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("sessions", "List issue sessions from the state store: state, branch, PR, tmux alive, queued comments.") { json };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(() => RunAsync(parse.GetValue(json), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(bool asJson, CancellationToken cancellationToken)
    {
        using var host = CliHost.Build();
        var store = host.Services.GetRequiredService<IStateStore>();
        var tmux = host.Services.GetRequiredService<ISessionHost>();
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var alive = (await tmux.ListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var rows = new List<SessionRow>();
        foreach (var session in await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false))
        {
            var queued = (await store.GetMessagesAsync(session.Issue, cancellationToken).ConfigureAwait(false)).Count;
            rows.Add(new SessionRow(session.Issue.ToString(), session.State.ToString().ToLowerInvariant(), session.Branch, session.PullRequestUrl, alive.Contains(session.SessionName), queued, session.SessionName));
        }

        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListSessionRow));
            return 0;
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("No sessions.");
            return 0;
        }

        Table.Write(
            ["ISSUE", "STATE", "BRANCH", "PR", "TMUX", "QUEUED"],
            rows.Select(r => new[] { r.Issue, r.State, r.Branch, r.PullRequestUrl ?? "-", r.TmuxActive ? "alive" : "dead", r.QueuedComments.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return 0;
    }
}
