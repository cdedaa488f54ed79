using System.Globalization;
using System.Net;
using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Benchmarks;

/// <summary>
/// Resident memory (VmRSS from /proc) of the <c>codemate serve</c> process alone: idle, then with <c>sessions</c> live
/// agent sessions, each started by a signed <c>issues</c>/<c>opened</c> webhook through the whole workflow (workspace,
/// draft pull request on the GitHub double, tmux session, prompt pasted) and left Running in tmux. The agent is either
/// the scripted agent (one .NET process per session) or <c>benchmarks/idle-agent.sh</c> (one bash process).
/// </summary>
internal static class FootprintBenchmark
{
    private const string Owner = "bench";
    private const string Repo = "footprint";
    private const int Parallel = 8;

    public static async Task<int> RunAsync(string work, string results, string dll, int sessions, string agent, string idleAgentScript)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        var markers = Path.Combine(work, "markers");
        Directory.CreateDirectory(markers);
        await using var world = await TestWorld.CreateAsync(Owner, Repo);
        Cleanup.Register("tmux", world.Tmux.SocketsDirectory);
        Cleanup.Register("dir", world.Root.Path);
        var settings = world.Settings();
        settings[EnvironmentVariables.MaxConcurrentSessions] = "250";
        settings[EnvironmentVariables.MaxConcurrentIssues] = "8";
        var scripted = agent == "scripted";
        if (!scripted)
        {
            settings[EnvironmentVariables.AgentCommand] = $"exec bash {Quote(Path.GetFullPath(idleAgentScript))} {Quote(markers)}";
        }

        await using var server = await ServeProcess.StartAsync(settings, work, dll, Path.Combine(work, "codemate.log"));
        Cleanup.Register("pid", server.ProcessId.ToString(CultureInfo.InvariantCulture));
        var idle = await SettledRssAsync(server);
        Console.WriteLine($"idle: {idle / 1024.0:F1} MB");

        // One session first: the first workflow loads and compiles code (Octokit, git, tmux paths) that every later one shares.
        var webhooks = new WebhookSender(server.Client, Codemate.Testing.Hosting.TestSettings.Secret);
        await OpenAsync(webhooks, world, markers, scripted, 1, 1);
        var first = await SettledRssAsync(server);
        Console.WriteLine($"after the first session: {first / 1024.0:F1} MB");
        await OpenAsync(webhooks, world, markers, scripted, 2, sessions);

        var live = (await world.Tmux.SessionNamesAsync()).Count;
        var running = await RunningSessionsAsync(server);
        var loaded = await SettledRssAsync(server);
        var agents = await TreeRssAsync(world);
        var perSession = (loaded - first) / (double)Math.Max(sessions - 1, 1);
        await File.AppendAllLinesAsync(results,
        [
            string.Create(CultureInfo.InvariantCulture, $"footprint.idle_mb={idle / 1024.0:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.first_session_mb={first / 1024.0:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.sessions_mb={loaded / 1024.0:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.per_session_kb={perSession:F1}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.sessions={sessions}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.live_tmux_sessions={live}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.running_in_health={running}"),
            string.Create(CultureInfo.InvariantCulture, $"footprint.agents_and_tmux_mb={agents / 1024.0:F1}"),
            $"footprint.agent={(scripted ? "scripted agent (.NET)" : "bash loop (benchmarks/idle-agent.sh)")}",
        ]);
        Console.WriteLine($"with {sessions} live sessions ({live} in tmux, {running} active in /health): {loaded / 1024.0:F1} MB; {perSession:F1} KB per session; tmux and agents {agents / 1024.0:F1} MB");
        return live >= sessions ? 0 : 1;
    }

    /// <summary>Opens issues <paramref name="from"/>..<paramref name="to"/>, a few requests at a time, and waits until each agent has its prompt.</summary>
    private static async Task OpenAsync(WebhookSender webhooks, TestWorld world, string markers, bool scripted, int from, int to)
    {
        using (var gate = new SemaphoreSlim(Parallel))
        {
            await Task.WhenAll(Enumerable.Range(from, to - from + 1).Select(async issue =>
            {
                await gate.WaitAsync();
                try
                {
                    // Codemate reads the issue back before it starts: GitHub has it before the webhook arrives.
                    world.Remote.OpenIssue(issue, $"Footprint {issue}", "It is broken.", TestWorld.Writer);
                    using var response = await webhooks.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, issue, title: $"Footprint {issue}", author: TestWorld.Writer));
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        throw new InvalidOperationException($"issue {issue}: codemate answered {(int)response.StatusCode}");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        // Every agent has its prompt (so every session went through the whole workflow). A session start takes
        // seconds, so three minutes without a new prompt means the workflow is stuck, not slow: stop early then.
        var stall = TimeSpan.FromMinutes(3);
        var lastProgress = DateTime.UtcNow;
        var lastReport = DateTime.UtcNow;
        var seen = 0;
        int prompted;
        while ((prompted = CountPrompted(world, markers, to, scripted)) < to)
        {
            if (prompted > seen)
            {
                seen = prompted;
                lastProgress = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastProgress > stall)
            {
                throw new TimeoutException($"only {prompted} of {to} agents received their prompt, none more in the last {stall.TotalMinutes:F0} minutes; see codemate.log");
            }

            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(15))
            {
                Console.WriteLine($"  {prompted}/{to} agents prompted");
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(500);
        }
    }

    private static int CountPrompted(TestWorld world, string markers, int sessions, bool scripted) => scripted
        ? Enumerable.Range(1, sessions).Count(n => new ScriptedAgentLog(world.AgentLogs, SessionNames.For(new IssueKey(RepositoryName.Create(Owner, Repo), n))).Messages().Count > 0)
        : Directory.EnumerateFiles(markers, "*.got").Count();

    /// <summary>A few /health reports (they read every session), a pause for startup and delivery work to settle, then the median of five samples.</summary>
    private static async Task<long> SettledRssAsync(ServeProcess server)
    {
        for (var i = 0; i < 5; i++)
        {
            using var health = await server.Client.GetAsync(new Uri("health", UriKind.Relative));
            health.EnsureSuccessStatusCode();
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            samples.Add(server.ResidentKilobytes());
            await Task.Delay(1000);
        }

        return (long)WorkspaceBenchmark.Median(samples);
    }

    private static async Task<int> RunningSessionsAsync(ServeProcess server)
    {
        using var document = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("health", UriKind.Relative)));
        return document.RootElement.GetProperty("active_sessions").EnumerateObject().Count(s => s.Value.GetProperty("tmux_active").GetBoolean());
    }

    /// <summary>VmRSS of the private tmux servers (one per session) and every process under them (the agents), in KB.</summary>
    private static async Task<long> TreeRssAsync(TestWorld world) =>
        ProcessTree.Of(await world.Tmux.ServerProcessIdsAsync()).Sum(ServeProcess.ResidentKilobytes);

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
