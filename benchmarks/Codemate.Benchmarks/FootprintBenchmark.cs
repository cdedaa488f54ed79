using System.Diagnostics;
using System.Globalization;
using CliWrap;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Benchmarks;

/// <summary>
/// Resident memory of <c>codemate serve</c> (VmRSS from /proc) idle, and with <c>sessions</c> session records in
/// its state store. TODO(#11): with 200 live scripted agents in tmux instead of records, once a benchmark drives
/// the full issue workflow end to end.
/// </summary>
internal static class FootprintBenchmark
{
    public static async Task<int> RunAsync(string work, string results, string dll, int sessions)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var idle = await MeasureAsync(Path.Combine(work, "idle"), dll, 0);
        var seeded = await MeasureAsync(Path.Combine(work, "seeded"), dll, sessions);
        var perSession = (seeded - idle) / Math.Max(sessions, 1);
        await File.AppendAllLinesAsync(results,
        [
            string.Create(CultureInfo.InvariantCulture, $"footprint.idle_mb={idle / 1024.0:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.sessions_mb={seeded / 1024.0:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.per_session_kb={perSession:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.sessions={sessions}"),
        ]);
        Console.WriteLine($"idle {idle / 1024.0:F1} MB; with {sessions} session records {seeded / 1024.0:F1} MB; {perSession:F1} KB per session");
        return 0;
    }

    private static async Task<long> MeasureAsync(string root, string dll, int sessions)
    {
        var settings = TestSettings.Minimal(Path.Combine(root, "workspaces"));
        settings[Configuration.EnvironmentVariables.StatePath] = Path.Combine(root, "state.db");
        if (sessions > 0)
        {
            await SeedAsync(settings, sessions);
        }

        var port = Codemate.Testing.CommandLine.CodemateCli.FreePort();
        using var stop = new CancellationTokenSource();
        var environment = new Dictionary<string, string?>(settings) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };
        var server = Cli.Wrap("dotnet").WithArguments(["exec", dll, "serve", "--urls", $"http://127.0.0.1:{port}"])
            .WithEnvironmentVariables(environment).WithValidation(CommandResultValidation.None)
            .ExecuteAsync(CancellationToken.None, stop.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var ready = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    (await http.GetAsync(new Uri("health", UriKind.Relative))).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100);
                }
            }

            // A few health reports read every session; then let startup work settle before reading RSS.
            for (var i = 0; i < 20; i++)
            {
                (await http.GetAsync(new Uri("health", UriKind.Relative))).EnsureSuccessStatusCode();
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var status = await File.ReadAllLinesAsync($"/proc/{server.ProcessId}/status");
            return long.Parse(status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await server;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task SeedAsync(Dictionary<string, string?> settings, int sessions)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCodemateCore(configuration);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IStateStore>();
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        for (var n = 1; n <= sessions; n++)
        {
            var issue = new IssueKey(RepositoryName.Create("bench", "footprint"), n);
            await store.SaveSessionAsync(new SessionRecord
            {
                Issue = issue,
                SessionName = $"claude-bench-footprint-{n}",
                Branch = issue.Branch,
                State = SessionState.Stopped,
                Workspace = Path.Combine(settings[Configuration.EnvironmentVariables.WorkspacesRoot]!, "bench", "footprint", $"issue-{n}"),
                PullRequestUrl = $"https://github.com/bench/footprint/pull/{n}",
                PullRequestNumber = n,
                Details = new IssueDetails($"Issue {n}", "Widgets wobble when spun fast.", "alice", $"https://github.com/bench/footprint/issues/{n}", ["codemate"]),
                CreatedAt = now,
                UpdatedAt = now,
            }, CancellationToken.None);
        }
    }
}
