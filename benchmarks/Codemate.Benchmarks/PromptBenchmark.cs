using System.Globalization;
using System.Net;
using CliWrap;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Benchmarks;

/// <summary>
/// The whole workflow through a real <c>codemate serve</c>: signed <c>issues</c>/<c>opened</c> webhooks for a large
/// repository on the GitHub double, timed from the request to the prompt logged by the scripted agent in tmux
/// (first issue cold, later ones warm); then comments to that idle agent, timed from the 202 to the agent's log.
/// Both ends read the same machine clock (UTC), so the agent's own timestamps can be compared with ours.
/// </summary>
internal static class PromptBenchmark
{
    private const string Owner = "bench";
    private const string Repo = "big";
    private const int WarmRuns = 3;
    private const int WarmupComments = 3;

    public static async Task<int> RunAsync(string work, string results, string dll, string sourceRepository, int commits, int files, int comments)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        await using var world = await TestWorld.CreateAsync();
        Cleanup.Register("tmux", world.Tmux.SocketsDirectory);
        Cleanup.Register("dir", world.Root.Path);
        var remote = world.GitHub.AddRepository(Owner, Repo);
        remote.SetPermission(TestWorld.Writer, "write");
        remote.SetPermission(TestWorld.OtherWriter, "admin");
        var bare = world.GitHub.RepositoryPath(Owner, Repo);
        if (Directory.Exists(sourceRepository))
        {
            // The repository the workspace benchmark generated in this run: the same history, not generated twice.
            Directory.CreateDirectory(Path.GetDirectoryName(bare)!);
            await Cli.Wrap("cp").WithArguments(["-R", sourceRepository, bare]).ExecuteAsync();
        }
        else
        {
            await WorkspaceBenchmark.GenerateAsync(bare, commits, files);
        }

        var settings = world.Settings();
        settings[EnvironmentVariables.MaxCommentsPerHour] = "100000";
        var workspacesRoot = settings[EnvironmentVariables.WorkspacesRoot]!;
        // Timestamps in the server's log (benchmarks/.work/prompt/codemate.log) show where an issue's time goes.
        settings["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        await using var server = await ServeProcess.StartAsync(settings, work, dll, Path.Combine(work, "codemate.log"));
        Cleanup.Register("pid", server.ProcessId.ToString(CultureInfo.InvariantCulture));
        var webhooks = new WebhookSender(server.Client, Codemate.Testing.Hosting.TestSettings.Secret);

        // Issue to prompt: issue 1 clones the mirror (cold); issues 2.. find it (warm).
        var prompts = new List<(double Prompt, double Started)>();
        for (var issue = 1; issue <= 1 + WarmRuns; issue++)
        {
            var log = AgentLog(world, issue);
            if (issue > 1)
            {
                // As for an issue arriving minutes after the last: the spare checkout made after it is ready.
                await WorkspaceBenchmark.WaitForSpareAsync(workspacesRoot);
            }

            await WorkspaceBenchmark.SyncAsync();
            // Codemate reads the issue back before it starts: GitHub has it before the webhook arrives.
            remote.OpenIssue(issue, $"Widgets wobble ({issue})", "Spinning above 300 rpm overshoots.", TestWorld.Writer);
            var sent = DateTimeOffset.UtcNow;
            using (var response = await webhooks.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, issue, title: $"Widgets wobble ({issue})", body: "Spinning above 300 rpm overshoots.", author: TestWorld.Writer)))
            {
                Expect(response, HttpStatusCode.Accepted);
            }

            await log.WaitForMessagesAsync(1, TimeSpan.FromMinutes(3));
            var entries = log.Entries();
            var prompt = (entries.First(e => e.Kind == "message").At - sent).TotalMilliseconds;
            var started = (entries.First(e => e.Kind == "started").At - sent).TotalMilliseconds;
            prompts.Add((prompt, started));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"issue {issue} ({(issue == 1 ? "cold" : "warm")}): prompt pasted {prompt:F0} ms after the request (agent started at {started:F0} ms)"));
            await Task.Delay(1000);
        }

        // Comment latency: 202 to the scripted agent's log line, one comment at a time to an idle agent.
        var target = 2;
        var agent = AgentLog(world, target);
        var latencies = new List<double>();
        for (var i = 0; i < WarmupComments + comments; i++)
        {
            var expected = agent.Messages().Count + 1;
            var body = WebhookPayloads.IssueCommentEvent("created", Owner, Repo, target, $"Latency probe {i}", commenter: TestWorld.OtherWriter, commentId: 90_000 + i);
            DateTimeOffset acknowledged;
            using (var response = await webhooks.SendAsync("issue_comment", body))
            {
                acknowledged = DateTimeOffset.UtcNow;
                Expect(response, HttpStatusCode.Accepted);
            }

            await agent.WaitForMessagesAsync(expected, TimeSpan.FromSeconds(30));
            var received = agent.Entries().Where(e => e.Kind == "message").ElementAt(expected - 1).At;
            if (i >= WarmupComments)
            {
                latencies.Add((received - acknowledged).TotalMilliseconds);
            }

            // The agent reports idle right after logging; give it that moment so every comment meets an idle agent.
            await Task.Delay(100);
        }

        var sorted = latencies.Order().ToArray();
        var warm = prompts.Skip(1).ToArray();
        var lines = new Dictionary<string, double>
        {
            ["prompt.e2e_cold_ms"] = prompts[0].Prompt,
            ["prompt.e2e_warm_ms"] = WorkspaceBenchmark.Median([.. warm.Select(p => p.Prompt)]),
            ["prompt.e2e_warm_agent_started_ms"] = WorkspaceBenchmark.Median([.. warm.Select(p => p.Started)]),
            ["comment.p50_ms"] = Percentile(sorted, 0.50),
            ["comment.p90_ms"] = Percentile(sorted, 0.90),
            ["comment.max_ms"] = sorted[^1],
            ["comment.count"] = sorted.Length,
        };
        await File.AppendAllLinesAsync(results, lines.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:F1}")));
        foreach (var (key, value) in lines)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value:F1}"));
        }

        return 0;
    }

    private static ScriptedAgentLog AgentLog(TestWorld world, int issue) =>
        new(world.AgentLogs, SessionNames.For(new IssueKey(RepositoryName.Create(Owner, Repo), issue)));

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"codemate answered {(int)response.StatusCode}, expected {(int)status}: {response.Content.ReadAsStringAsync().Result}");
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
