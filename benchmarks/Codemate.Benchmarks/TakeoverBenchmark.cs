using System.Diagnostics;
using System.Globalization;
using System.Net;
using Codemate.Configuration;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Postgres;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Benchmarks;

/// <summary>
/// Two real <c>codemate serve</c> replicas on one PostgreSQL database, each with its own workspaces and tmux server as on
/// two hosts, the scripted agent in tmux. Each round opens an issue, finds the replica that holds it
/// (<c>issue_owners</c>), and kills that replica and its tmux server with everything in it (SIGKILL, as a host that
/// dies); then times, from the kill, until <c>issue_owners</c> names the other replica and until the other replica's new
/// agent for the issue has started and has its prompt (the agent's own log, same machine clock). The killed replica is
/// started again under its id and the issue closed before the next round, so each round takes over one agent.
/// </summary>
internal static class TakeoverBenchmark
{
    private const string Owner = "bench";
    private const string Repo = "takeover";

    public static async Task<int> RunAsync(string work, string results, string dll, string database, int leaseSeconds, int rounds)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        await using var world = await TestWorld.CreateAsync(Owner, Repo);
        Cleanup.Register("dir", world.Root.Path);
        var replicas = new Replicas(world, work, dll, database, leaseSeconds);
        await using (replicas)
        {
            await Task.WhenAll(replicas.StartAsync("a"), replicas.StartAsync("b"));
            var measured = new List<Round>();
            for (var issue = 1; issue <= rounds; issue++)
            {
                measured.Add(await RoundAsync(world, replicas, database, issue, leaseSeconds));
            }

            double Median(Func<Round, double> pick) => WorkspaceBenchmark.Median([.. measured.Select(pick)]);
            var lines = new Dictionary<string, double>
            {
                ["takeover.lease_s"] = leaseSeconds,
                ["takeover.rounds"] = measured.Count,
                ["takeover.owner_s"] = Median(r => r.Owner),
                ["takeover.owner_max_s"] = measured.Max(r => r.Owner),
                ["takeover.started_s"] = Median(r => r.Started),
                ["takeover.prompt_s"] = Median(r => r.Prompt),
                ["takeover.prompt_max_s"] = measured.Max(r => r.Prompt),
            };
            await File.AppendAllLinesAsync(results, lines.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:F2}")));
            foreach (var (key, value) in lines)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value:F2}"));
            }
        }

        return 0;
    }

    private static async Task<Round> RoundAsync(TestWorld world, Replicas replicas, string database, int issue, int leaseSeconds)
    {
        // Codemate reads the issue back before it starts: GitHub has it before the webhook arrives.
        world.Remote.OpenIssue(issue, $"Takeover {issue}", "It is broken.", TestWorld.Writer);
        var receiver = issue % 2 == 1 ? "a" : "b";
        using (var response = await replicas[receiver].Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Repo, issue, title: $"Takeover {issue}", author: TestWorld.Writer)))
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"issue {issue}: replica {receiver} answered {(int)response.StatusCode}");
            }
        }

        var log = world.AgentLog(issue);
        await log.WaitForMessagesAsync(1, TimeSpan.FromMinutes(2));
        var sql = $"SELECT replica FROM issue_owners WHERE issue = '{world.Issue(issue)}'";
        var dead = (await WaitForAsync(() => PostgresSql.ScalarAsync<string?>(database, sql), o => o is "a" or "b", TimeSpan.FromSeconds(30), $"a replica to hold #{issue}"))!;
        var survivor = dead == "a" ? "b" : "a";

        var agents = await replicas.TmuxTreeAsync(dead);
        var killed = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await replicas.KillAsync(dead, agents);
        var limit = TimeSpan.FromSeconds((leaseSeconds * 10) + 60);
        await WaitForAsync(() => PostgresSql.ScalarAsync<string?>(database, sql), o => o == survivor, limit, $"replica {survivor} to take #{issue}");
        var owner = clock.Elapsed.TotalSeconds;
        await log.WaitUntilAsync(() => log.Entries().Count(e => e.Kind == "started") >= 2 && log.Messages().Count >= 2, limit, $"the new agent of #{issue} and its prompt");
        var entries = log.Entries();
        var restarted = entries.Where(e => e.Kind == "started").ElementAt(1);
        var prompt = entries.Where(e => e.Kind == "message").ElementAt(1);
        if (!(prompt.Text ?? string.Empty).Contains("interrupted", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"#{issue}: the new agent's first message does not say the previous session was interrupted: {prompt.Text}");
        }

        var round = new Round(owner, (restarted.At - killed).TotalSeconds, (prompt.At - killed).TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{issue}: killed replica {dead}; {survivor} held it after {round.Owner:F2} s, its agent started at {round.Started:F2} s and had its prompt at {round.Prompt:F2} s"));

        // Back under its id, as a host that restarts; it must not run the issue again (checked by the product's tests).
        await replicas.StartAsync(dead);

        // Closed, so the next round's kill finds one agent to take over, not every earlier round's as well.
        using (var closed = await replicas[survivor].Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("closed", Owner, Repo, issue, author: TestWorld.Writer)))
        {
            closed.EnsureSuccessStatusCode();
        }

        await WaitForAsync(() => PostgresSql.ScalarAsync<string?>(database, sql), o => o is null, TimeSpan.FromSeconds(60), $"#{issue} to be let go once closed");
        return round;
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:F0} s for {what}; last read: {value}");
            }

            await Task.Delay(20);
        }
    }

    private sealed record Round(double Owner, double Started, double Prompt);

    /// <summary>Replicas "a" and "b" of one world: each its own workspaces, tmux socket and log file.</summary>
    private sealed class Replicas(TestWorld world, string work, string dll, string database, int leaseSeconds) : IAsyncDisposable
    {
        private readonly Dictionary<string, ServeProcess> _running = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _starts = new(StringComparer.Ordinal);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TmuxTestServer> _tmux = new(StringComparer.Ordinal);

        public ServeProcess this[string replica] => _running[replica];

        public async Task StartAsync(string replica)
        {
            var settings = world.Settings();
            settings[EnvironmentVariables.DatabaseUrl] = database;
            settings[EnvironmentVariables.ReplicaId] = replica;
            settings[EnvironmentVariables.LeaseSeconds] = leaseSeconds.ToString(CultureInfo.InvariantCulture);
            settings[EnvironmentVariables.WorkspacesRoot] = world.Root.Combine("workspaces-" + replica);
            settings[EnvironmentVariables.TmuxSocketPath] = Tmux(replica).SocketsDirectory;
            settings[EnvironmentVariables.MaxConcurrentSessions] = "50";
            // Timestamps in each replica's log (benchmarks/.work/takeover/codemate-*.log) show where a takeover's time goes.
            settings["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            Cleanup.Register("tmux", Tmux(replica).SocketsDirectory);
            int start;
            lock (_running)
            {
                start = _starts[replica] = _starts.GetValueOrDefault(replica) + 1;
            }

            var server = await ServeProcess.StartAsync(settings, work, dll, Path.Combine(work, $"codemate-{replica}-{start}.log"));
            Cleanup.Register("pid", server.ProcessId.ToString(CultureInfo.InvariantCulture));
            lock (_running)
            {
                _running[replica] = server;
            }
        }

        /// <summary>The replica's tmux servers and the agents under them, looked up before the kill is timed.</summary>
        public async Task<IReadOnlyList<int>> TmuxTreeAsync(string replica) =>
            ProcessTree.Of(await Tmux(replica).ServerProcessIdsAsync());

        /// <summary>SIGKILL of the replica, then of its tmux server and every agent under it (<paramref name="tree"/>): nothing of that host runs on.</summary>
        public async Task KillAsync(string replica, IReadOnlyList<int> tree)
        {
            var server = _running[replica];
            _running.Remove(replica);
            await server.KillAsync();
            foreach (var pid in tree)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // It ended on its own (an agent whose terminal went away).
                }
            }

            await server.DisposeAsync();
            // A host that restarts has no stale socket left in its temporary directory.
            Directory.Delete(Tmux(replica).SocketsDirectory, recursive: true);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var server in _running.Values)
            {
                await server.DisposeAsync();
            }

            foreach (var tmux in _tmux.Values)
            {
                await tmux.DisposeAsync();
            }
        }

        /// <summary>The replica's tmux servers, one per session, in a sockets directory of its own as on its own host.</summary>
        private TmuxTestServer Tmux(string replica) => _tmux.GetOrAdd(replica, r => new TmuxTestServer(world.Root.Combine("replica-" + r)));
    }
}
