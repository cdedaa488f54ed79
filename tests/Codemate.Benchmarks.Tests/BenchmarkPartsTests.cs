using System.Globalization;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Git;
using Codemate.Testing.Postgres;

namespace Codemate.Benchmarks.Tests;

/// <summary>
/// Each part of benchmarks/run.sh, run small against the real thing (git over the GitHub double's smart HTTP, a real
/// <c>codemate serve</c>, agents in real tmux), so the benchmarks cannot rot unnoticed. Nothing here asserts a timing:
/// only that every figure the report needs was measured, and measured from what it claims to measure.
/// </summary>
public sealed class BenchmarkPartsTests : IDisposable
{
    private const int Commits = 30;
    private const int Files = 12;
    private readonly TempDirectory _directory = new("cm-bench");

    [Fact]
    public async Task The_generated_repository_has_the_history_and_files_asked_for()
    {
        var bare = _directory.Combine("big.git");

        await WorkspaceBenchmark.GenerateAsync(bare, Commits, Files);

        Assert.Equal(Commits.ToString(CultureInfo.InvariantCulture), (await TestGit.RunAsync(bare, ["rev-list", "--count", "main"])).Trim());
        Assert.Equal(Files, (await TestGit.RunAsync(bare, ["ls-tree", "-r", "--name-only", "main"])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task The_workspace_part_times_clone_worktree_and_codemate_cold_and_warm()
    {
        var results = _directory.Combine("results.txt");

        Assert.Equal(0, await WorkspaceBenchmark.RunAsync(_directory.Combine("workspace"), results, Commits, Files));

        var measured = Measured(results);
        foreach (var key in new[] { "prompt.git_clone_ms", "prompt.git_worktree_add_ms", "prompt.prepare_cold_ms", "prompt.prepare_warm_ms", "prompt.prepare_warm_nospare_ms" })
        {
            Assert.True(measured.TryGetValue(key, out var value) && value > 0, $"{key} was not measured: {File.ReadAllText(results)}");
        }

        // Each round prepared the cold issue and five warm ones; only round 0 had spare checkouts (whether the warm runs
        // took them is SpareWorkspaceTests' business).
        for (var round = 0; round < 2; round++)
        {
            for (var issue = 1; issue <= 6; issue++)
            {
                Assert.True(Directory.Exists(_directory.Combine("workspace", $"codemate-{round}", "bench", "big", $"issue-{issue}", ".git")), $"round {round}, issue {issue}");
            }
        }

        Assert.False(Directory.Exists(_directory.Combine("workspace", "codemate-1", ".mirrors", "bench", "big.spare")));
    }

    [Fact]
    public async Task The_prompt_part_times_whole_issues_and_comments_through_codemate_serve()
    {
        var results = _directory.Combine("results.txt");
        var work = _directory.Combine("prompt");

        Assert.Equal(0, await PromptBenchmark.RunAsync(work, results, CodemateCli.DllPath, _directory.Combine("no-such-repository"), Commits, Files, comments: 3));

        var measured = Measured(results);
        Assert.True(measured["prompt.e2e_cold_ms"] > 0);
        Assert.True(measured["prompt.e2e_warm_ms"] > 0);
        // The prompt is pasted into an agent that has started, so the agent's start is the earlier of the two.
        Assert.InRange(measured["prompt.e2e_warm_agent_started_ms"], 0, measured["prompt.e2e_warm_ms"]);
        Assert.Equal(3, measured["comment.count"]);
        // No lower bound: timed from when this process read the 202, a paste can land before a busy machine lets it read.
        Assert.True(measured["comment.p50_ms"] <= measured["comment.max_ms"], $"p50 {measured["comment.p50_ms"]} ms above the maximum {measured["comment.max_ms"]} ms");
        Assert.Contains("Opened draft pull request", File.ReadAllText(Path.Combine(work, "codemate.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_footprint_part_measures_the_server_with_every_session_live_in_tmux()
    {
        var results = _directory.Combine("results.txt");

        var exit = await FootprintBenchmark.RunAsync(_directory.Combine("footprint"), results, CodemateCli.DllPath, sessions: 3, "bash", SourceTree.File("benchmarks", "idle-agent.sh"));

        Assert.Equal(0, exit);
        var measured = Measured(results);
        Assert.Equal(3, measured["footprint.live_tmux_sessions"]);
        Assert.Equal(3, measured["footprint.running_in_health"]);
        Assert.True(measured["footprint.idle_mb"] > 10, File.ReadAllText(results));
        Assert.True(measured["footprint.sessions_mb"] > 10, File.ReadAllText(results));
        Assert.True(measured["footprint.agents_and_tmux_mb"] > 0, File.ReadAllText(results));
    }

    [Fact]
    public async Task The_takeover_part_kills_the_replica_holding_the_issue_and_times_the_other_ones_new_agent()
    {
        var results = _directory.Combine("results.txt");
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var work = _directory.Combine("takeover");

        Assert.Equal(0, await TakeoverBenchmark.RunAsync(work, results, CodemateCli.DllPath, database, leaseSeconds: 2, rounds: 1));

        var measured = Measured(results);
        Assert.Equal(2, measured["takeover.lease_s"]);
        Assert.Equal(1, measured["takeover.rounds"]);
        // The survivor can take the issue only once the dead replica's lease expired, and its agent starts after that.
        Assert.True(measured["takeover.owner_s"] > 0, File.ReadAllText(results));
        Assert.InRange(measured["takeover.started_s"], measured["takeover.owner_s"] - 1, measured["takeover.prompt_s"]);
        Assert.Equal(measured["takeover.prompt_s"], measured["takeover.prompt_max_s"]);
        // The killed replica was started again under its id: two logs of one, one of the other.
        Assert.Equal(3, Directory.EnumerateFiles(work, "codemate-*.log").Count());
    }

    [Fact]
    public void The_payloads_are_github_deliveries_of_about_twelve_kilobytes_for_the_repository_asked_for()
    {
        var directory = _directory.Combine("payloads");

        Assert.Equal(0, Payloads.Write(directory, "bench", "intake"));

        Assert.Equal(2, Directory.EnumerateFiles(directory, "*.json").Count());
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            var length = new FileInfo(file).Length;
            Assert.InRange(length, 10_000, 16_000);
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.Equal("bench/intake", document.RootElement.GetProperty("repository").GetProperty("full_name").GetString());
        }
    }

    private static Dictionary<string, double> Measured(string results) =>
        Report.Parse(File.ReadAllLines(results))
            .Where(kv => double.TryParse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv.Key, kv => double.Parse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public void Dispose() => _directory.Dispose();
}
