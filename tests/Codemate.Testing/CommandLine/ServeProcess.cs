using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CliWrap;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;

namespace Codemate.Testing.CommandLine;

/// <summary>
/// A running <c>codemate serve</c> process (the real <c>codemate.dll</c>) on 127.0.0.1 and a free port. Stop it the
/// way an operator or a supervisor does: <see cref="StopAsync"/> sends SIGTERM and waits for a graceful exit,
/// <see cref="KillAsync"/> sends SIGKILL to the server process only (agents keep running in their own tmux server).
/// Disposing a process that is still running kills its whole process tree, so a failing test leaves nothing behind.
/// The benchmarks start another build of it (<c>dll</c>) and keep its output in a file (<c>logFile</c>).
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private readonly CommandTask<CommandResult> _run;
    private StreamWriter? _log;

    private ServeProcess(Command command, int port, string? logFile)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _log = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
        try
        {
            _run = command
                .WithStandardOutputPipe(PipeTarget.ToDelegate(Append))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(Append))
                .ExecuteAsync();
        }
        catch
        {
            Client.Dispose();
            _log?.Dispose();
            throw;
        }
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int ProcessId => _run.ProcessId;

    public bool HasExited => _run.Task.IsCompleted;

    /// <summary>Everything the server wrote to standard output and error so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Sends webhooks to this server exactly as GitHub does, signed with <paramref name="secret"/>.</summary>
    public WebhookSender Webhooks(string? secret = TestSettings.Secret) => new(Client, secret);

    /// <summary>
    /// Starts <c>codemate serve --urls http://127.0.0.1:PORT</c> with only <paramref name="environment"/> as its
    /// configuration and waits until <c>/health</c> answers. <paramref name="dll"/> runs another build than the one
    /// beside the tests; <paramref name="logFile"/> gets a copy of everything the server writes; <paramref name="runAs"/>
    /// runs it as another user (see <see cref="Agents.AgentUser"/>).
    /// </summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, string workingDirectory, string? dll = null, string? logFile = null, string? runAs = null)
    {
        var port = CodemateCli.FreePort();
        var command = new CodemateCli(workingDirectory, environment, dll, runAs).Command("serve", "--urls", $"http://127.0.0.1:{port}");
        var server = new ServeProcess(command, port, logFile);
        try
        {
            await server.WaitForHealthAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>VmRSS of the server process alone, in KB (0 once it has gone).</summary>
    public long ResidentKilobytes() => ResidentKilobytes(ProcessId);

    /// <summary>VmRSS of any process, in KB (0 once it has gone).</summary>
    public static long ResidentKilobytes(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>GET <c>/health</c>, parsed.</summary>
    public async Task<JsonElement> GetHealthAsync()
    {
        using var response = await Client.GetAsync(new Uri("/health", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Graceful stop: SIGTERM, as <c>docker stop</c> or systemd send it; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!HasExited)
        {
            // Not CliWrap's graceful cancellation: that sends SIGINT, and a supervisor stops a server with SIGTERM.
            if (Kill(ProcessId, SigTerm) != 0 && !HasExited)
            {
                throw new InvalidOperationException($"kill({ProcessId}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }

        return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Hard stop: SIGKILL of the server process alone, as a crash or the OOM killer would; returns the exit code.</summary>
    public async Task<int> KillAsync()
    {
        if (!HasExited)
        {
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                process.Kill(entireProcessTree: false);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        return await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!HasExited)
        {
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            await _run.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }

        // Under the lock Append writes under: a process that outlived the wait may still be writing.
        lock (_output)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            return (await _run.Task.WaitAsync(timeout)).ExitCode;
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"codemate serve (pid {ProcessId}) did not exit within {timeout}. Its output:\n{Output}", exception);
        }
    }

    private async Task WaitForHealthAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                var code = (await _run.Task).ExitCode;
                throw new InvalidOperationException($"codemate serve exited with code {code} before answering /health. Its output:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > StartLimit)
            {
                throw new TimeoutException($"codemate serve did not answer /health on {BaseAddress} within {StartLimit}. Its output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
            _log?.WriteLine(line);
        }
    }
}
