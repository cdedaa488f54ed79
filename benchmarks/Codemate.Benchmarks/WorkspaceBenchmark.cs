using System.Diagnostics;
using System.Globalization;
using System.Text;
using CliWrap;
using Codemate.Issues;
using Codemate.Testing.Git;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemate.Benchmarks;

/// <summary>
/// Issue to workspace on a large repository served by the GitHub double's smart HTTP: a plain <c>git clone</c>,
/// <c>git worktree add</c> in an existing clone, and Codemate's <see cref="IWorkspaceManager.PrepareAsync"/>
/// cold (first issue: the mirror is cloned) and warm (later issues: the mirror exists).
/// </summary>
internal static class WorkspaceBenchmark
{
    private const string Owner = "bench";
    private const string Repo = "big";
    private const int Runs = 5;

    public static async Task<int> RunAsync(string work, string results, int commits, int files)
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        await using var github = await GitHubDouble.StartAsync(Path.Combine(work, "github"));
        var settings = TestSettings.Minimal(Path.Combine(work, "unused"), github);
        github.AcceptGitToken(TestSettings.Token);
        github.AddRepository(Owner, Repo);

        var generate = Stopwatch.StartNew();
        await GenerateAsync(github.RepositoryPath(Owner, Repo), commits, files);
        Console.WriteLine($"generated {commits} commits / {files} files in {generate.Elapsed.TotalSeconds:F1} s");

        // git authenticates the way Codemate does it: an extraHeader in the environment, never in argv.
        var auth = new Dictionary<string, string>
        {
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
            ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + TestSettings.Token)),
        };
        var url = github.CloneUrl(Owner, Repo).ToString();
        var clones = await TimeAsync(Runs, i => TestGit.RunAsync(work, ["clone", "--quiet", url, $"clone-{i}"], auth));
        var worktrees = await TimeAsync(Runs, i => TestGit.RunAsync(Path.Combine(work, "clone-0"), ["worktree", "add", "--quiet", "-b", $"issue-{i + 1}", Path.Combine(work, $"worktree-{i}"), "origin/main"]));

        // Round 0 as shipped (a spare checkout is made in the background after each issue; like an issue arriving minutes
        // after the last, each warm run starts once that is done), round 1 with CODEMATE_SPARE_WORKSPACE=false.
        var colds = new List<double>();
        var warms = new List<double>();
        var warmsWithoutSpare = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            var root = Path.Combine(work, $"codemate-{round}");
            settings[Configuration.EnvironmentVariables.WorkspacesRoot] = root;
            settings[Configuration.EnvironmentVariables.SpareWorkspace] = round == 0 ? "true" : "false";
            await using var provider = Services(settings);
            var manager = provider.GetRequiredService<IWorkspaceManager>();
            var issue = 1;
            colds.Add(await TimeOnceAsync(() => manager.PrepareAsync(new IssueKey(RepositoryName.Create(Owner, Repo), issue++), null, CancellationToken.None)));
            for (var run = 0; run < Runs; run++)
            {
                if (round == 0)
                {
                    await WaitForSpareAsync(root);
                }

                await SyncAsync();
                (round == 0 ? warms : warmsWithoutSpare).Add(await TimeOnceAsync(() => manager.PrepareAsync(new IssueKey(RepositoryName.Create(Owner, Repo), issue++), null, CancellationToken.None)));
            }
        }

        var lines = new Dictionary<string, double>
        {
            ["prompt.git_clone_ms"] = Median(clones),
            ["prompt.git_worktree_add_ms"] = Median(worktrees),
            ["prompt.prepare_cold_ms"] = Median(colds),
            ["prompt.prepare_warm_ms"] = Median(warms),
            ["prompt.prepare_warm_nospare_ms"] = Median(warmsWithoutSpare),
        };
        await File.AppendAllLinesAsync(results, lines.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:F1}"))
            .Append($"prompt.repository={commits} commits, {files} files"));
        foreach (var (key, value) in lines)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value:F1}"));
        }

        return 0;
    }

    /// <summary>Waits until the background spare checkout for the benchmark repository under <paramref name="root"/> exists.</summary>
    internal static async Task WaitForSpareAsync(string root)
    {
        var spare = Path.Combine(root, ".mirrors", Owner, Repo + ".spare", ".git");
        var waited = Stopwatch.StartNew();
        while (!Directory.Exists(spare))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"No spare checkout appeared at {spare} within 2 minutes.");
            }

            await Task.Delay(50);
        }
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddCodemateCore(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>A fast-import stream: one commit adds every file, each later commit changes one of them.</summary>
    internal static async Task GenerateAsync(string bare, int commits, int files)
    {
        Directory.CreateDirectory(bare);
        await TestGit.RunAsync(bare, ["init", "--quiet", "--bare", "--initial-branch=main"]);
        var stream = new StringBuilder();
        var time = 1_700_000_000L;
        for (var c = 0; c < commits; c++)
        {
            var message = c == 0 ? "Initial import" : $"Change {c}";
            stream.Append(CultureInfo.InvariantCulture, $"commit refs/heads/main\ncommitter Bench <bench@example.invalid> {time + c} +0000\ndata {Encoding.UTF8.GetByteCount(message)}\n{message}\n");
            var changed = c == 0 ? Enumerable.Range(0, files) : [c % files];
            foreach (var f in changed)
            {
                var content = string.Create(CultureInfo.InvariantCulture, $"// file {f}, revision {c}\nnamespace Widgets.Part{f % 50};\n\npublic static class Part{f}\n{{\n    public const int Revision = {c};\n    public static int Spin(int rpm) => rpm * {f % 7 + 1} + Revision;\n}}\n");
                stream.Append(CultureInfo.InvariantCulture, $"M 100644 inline src/part{f % 50}/Part{f}.cs\ndata {Encoding.UTF8.GetByteCount(content)}\n{content}\n");
            }
        }

        await Cli.Wrap("git").WithArguments(["fast-import", "--quiet"]).WithWorkingDirectory(bare)
            .WithEnvironmentVariables(TestGit.IsolatedEnvironment)
            .WithStandardInputPipe(PipeSource.FromString(stream.ToString())).ExecuteAsync();
        await TestGit.RunAsync(bare, ["repack", "-a", "-d", "--quiet"]);
    }

    private static async Task<List<double>> TimeAsync(int runs, Func<int, Task> action)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add(await TimeOnceAsync(() => action(i)));
        }

        return times;
    }

    private static async Task<double> TimeOnceAsync(Func<Task> action)
    {
        await SyncAsync();
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Writes dirty pages back before a timed step, so a step is not charged for the files the previous one wrote
    /// (on this machine that alone moved <c>git worktree add</c> of 5,000 files between 0.3 and 1.5 s).
    /// </summary>
    internal static async Task SyncAsync() =>
        await Cli.Wrap("sync").WithValidation(CommandResultValidation.None).ExecuteAsync();

    internal static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
