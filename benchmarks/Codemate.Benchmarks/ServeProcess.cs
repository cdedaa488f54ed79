using System.Diagnostics;
using System.Globalization;
using CliWrap;
using Codemate.Configuration;

namespace Codemate.Benchmarks;

/// <summary>
/// A real <c>codemate serve</c> (the Release dll run.sh built) on a free 127.0.0.1 port, configured only through its
/// environment (secrets included, never argv), with its output kept in a log file. Disposing stops it with SIGINT.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    /// <summary>Variables a developer's shell might have that would leak into the benchmark's Codemate.</summary>
    private static readonly string[] Scrubbed =
    [
        EnvironmentVariables.WebhookSecret, EnvironmentVariables.GitHubToken, EnvironmentVariables.GitHubAppId,
        EnvironmentVariables.GitHubAppPrivateKey, EnvironmentVariables.GitHubAppPrivateKeyFile, EnvironmentVariables.GitHubAppInstallationId,
        EnvironmentVariables.GitHubServerUrl, EnvironmentVariables.GitHubApiUrl, EnvironmentVariables.WorkspacesRoot,
        EnvironmentVariables.StatePath, EnvironmentVariables.Agent, EnvironmentVariables.AgentCommand, EnvironmentVariables.SystemPromptFile,
        EnvironmentVariables.AllowedRepositories, EnvironmentVariables.AllowedUsers, EnvironmentVariables.TriggerLabel, EnvironmentVariables.TriggerMention,
    ];

    private readonly CancellationTokenSource _graceful;
    private readonly CancellationTokenSource _forceful;
    private readonly CommandTask<CommandResult> _task;
    private readonly StreamWriter _log;

    private ServeProcess(CommandTask<CommandResult> task, CancellationTokenSource graceful, CancellationTokenSource forceful, StreamWriter log, Uri address)
    {
        _task = task;
        _graceful = graceful;
        _forceful = forceful;
        _log = log;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public int ProcessId => _task.ProcessId;

    public static async Task<ServeProcess> StartAsync(string dll, IReadOnlyDictionary<string, string?> settings, string logFile)
    {
        var environment = Scrubbed.ToDictionary(k => k, _ => (string?)null);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        var port = Codemate.Testing.CommandLine.CodemateCli.FreePort();
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var graceful = new CancellationTokenSource();
        var forceful = new CancellationTokenSource();
        var task = Cli.Wrap("dotnet").WithArguments(["exec", dll, "serve", "--urls", $"http://127.0.0.1:{port}"])
            .WithEnvironmentVariables(environment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => { lock (log) { log.WriteLine(line); } }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => { lock (log) { log.WriteLine(line); } }))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(forceful.Token, graceful.Token);
        Cleanup.Register("pid", task.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new ServeProcess(task, graceful, forceful, log, new Uri($"http://127.0.0.1:{port}/"));
        var ready = Stopwatch.StartNew();
        while (true)
        {
            if (task.Task.IsCompleted)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"codemate serve exited during startup; see {logFile}");
            }

            try
            {
                using var health = await server.Client.GetAsync(new Uri("health", UriKind.Relative));
                health.EnsureSuccessStatusCode();
                return server;
            }
            catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>VmRSS of the codemate process alone, in KB.</summary>
    public long ResidentKilobytes() => ResidentKilobytes(ProcessId);

    public static long ResidentKilobytes(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        // SIGINT first, as an operator's Ctrl+C; killed if it has not stopped 15 s later.
        await _graceful.CancelAsync();
        _forceful.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
        }

        _graceful.Dispose();
        _forceful.Dispose();
        await _log.DisposeAsync();
    }
}
