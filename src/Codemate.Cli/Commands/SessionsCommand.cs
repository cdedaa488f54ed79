using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Codemate.Health;
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
        await host.Services.GetRequiredService<IStateStore>().InitializeAsync(cancellationToken).ConfigureAwait(false);
        var status = host.Services.GetRequiredService<CodemateStatus>();
        var (parked, _) = await status.GetWorkAsync(cancellationToken).ConfigureAwait(false);
        // Oldest first, as the store lists them; the listing shows no transcript, so none is read.
        var rows = (await status.GetSessionsAsync(withTranscripts: false, cancellationToken).ConfigureAwait(false))
            .OrderBy(s => s.CreatedAt)
            .ThenBy(s => s.Issue, StringComparer.Ordinal)
            .Select(s => new SessionRow(
                s.Issue, s.State.ToString().ToLowerInvariant(), s.Branch, s.PullRequestUrl, s.TmuxActive, s.QueuedMessages, s.SessionName,
                parked.Count(p => p.Issue == s.Issue), UsageRow.From(s.Usage), s.Replica))
            .ToList();
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, CliJson.Default.ListSessionRow));
            return 0;
        }

        if (rows.Count == 0)
        {
            Console.WriteLine("No sessions.");
        }
        else
        {
            // Replicas sharing PostgreSQL: which one runs each issue (tmux is this host's view only).
            var replicas = rows.Any(r => r.Replica is not null);
            Table.Write(
                replicas ? ["ISSUE", "STATE", "REPLICA", "BRANCH", "PR", "TMUX", "QUEUED", "TOKENS", "COST"] : ["ISSUE", "STATE", "BRANCH", "PR", "TMUX", "QUEUED", "TOKENS", "COST"],
                rows.Select(r => new[]
                {
                    r.Issue, r.State, r.Replica ?? "-", r.Branch, r.PullRequestUrl ?? "-", r.TmuxActive ? "alive" : "dead", Number(r.QueuedComments),
                    r.Usage is { } usage ? (usage.InputTokens + usage.OutputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens).ToString("N0", CultureInfo.InvariantCulture) : "-",
                    r.Usage?.Cost ?? "-",
                }.Where((_, column) => replicas || column != 2).ToArray()));
        }

        WriteParked(parked);
        return 0;
    }

    /// <summary>Work that failed every attempt, below the sessions: an operator must see it, and how to run it again.</summary>
    private static void WriteParked(IReadOnlyList<ParkedWork> parked)
    {
        if (parked.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"Parked work ({Number(parked.Count)}): failed every attempt; `/codemate retry` on the issue runs it again.");
        Table.Write(
            ["ISSUE", "EVENT", "DELIVERY", "ATTEMPTS", "PARKED", "REASON"],
            parked.Select(p => new[] { p.Issue, p.Kind, p.DeliveryId ?? "-", Number(p.Attempts), p.ParkedAt.ToString("u", CultureInfo.InvariantCulture), p.Reason }));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
