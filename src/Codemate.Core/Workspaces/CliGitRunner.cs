using System.Diagnostics;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Workspaces;

/// <summary>
/// git through CliWrap. Every call ignores the system and global git configuration (services often have no
/// usable HOME), never prompts, runs no program a repository names (<see cref="GitHardening"/>), sees only a few of the
/// server's environment variables, and receives credentials only through <c>GIT_CONFIG_*</c> variables.
/// </summary>
internal sealed partial class CliGitRunner(IOptions<WorkspaceOptions> options, CodemateMetrics metrics, ILogger<CliGitRunner> logger) : IGitRunner
{
    private const string Redacted = "***";

    public async Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var settings = options.Value;
        var secrets = Secrets(command.Credentials);
        var display = command.ToString();
        Log.Running(logger, display, command.WorkingDirectory);

        using var activity = CommandSpan.Start(CommandSpan.GitName, TelemetryTags.GitCommand, Subcommand(command));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.GitTimeout);
        var started = Stopwatch.GetTimestamp();
        BufferedCommandResult result;
        try
        {
            var running = Cli.Wrap(settings.GitPath)
                .WithArguments(args => args.Add(command.Arguments))
                .WithWorkingDirectory(command.WorkingDirectory)
                .WithEnvironmentVariables(Environment(command))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
            if (command.Background)
            {
                LowerPriority(running.ProcessId);
            }

            result = await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            CommandSpan.Failed(activity, "timeout");
            metrics.GitFailed(Subcommand(command), "timeout");
            throw new GitCommandException($"'{display}' did not finish within {settings.GitTimeout} and was stopped.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            CommandSpan.Failed(activity, "not_started");
            metrics.GitFailed(Subcommand(command), "not_started");
            throw new GitCommandException($"git could not be started ('{settings.GitPath}'): {ex.Message}", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            CommandSpan.Failed(activity, "not_started");
            metrics.GitFailed(Subcommand(command), "not_started");
            throw new GitCommandException($"git could not be started ('{settings.GitPath}'): {ex.Message}", ex);
        }

        CommandSpan.Ended(activity, result.ExitCode);
        var output = Scrub(result.StandardOutput, secrets);
        var error = Scrub(result.StandardError, secrets);
        Log.Finished(logger, display, result.ExitCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (result.ExitCode != 0 && !command.AllowFailure)
        {
            metrics.GitFailed(Subcommand(command), "exit_code");
            throw new GitCommandException(display, result.ExitCode, error);
        }

        return new GitResult(result.ExitCode, output, error);
    }

    /// <summary>The git command (<c>fetch</c>, <c>push</c>, ...) as a metric label: Codemate's own arguments, never a path.</summary>
    internal static string Subcommand(GitCommand command) =>
        command.Arguments.FirstOrDefault(a => !a.StartsWith('-')) is { } first && first.All(c => char.IsAsciiLetterLower(c) || c == '-') ? first : "other";

    internal static string Scrub(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }

        return text;
    }

    private static string[] Secrets(GitCredentials? credentials) =>
        credentials is null || string.IsNullOrEmpty(credentials.Token.Value)
            ? []
            : [GitEnvironment.BasicCredential(credentials.Token.Value), credentials.Token.Value];

    /// <summary>
    /// The whole environment git starts with: CliWrap adds to the server's, so every variable not allowed is removed. Only
    /// a command with credentials (which talks to GitHub) keeps the proxy and certificate variables.
    /// </summary>
    internal static Dictionary<string, string?> Environment(GitCommand command)
    {
        var network = command.Credentials is not null;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.OfType<string>())
        {
            var allowed = GitHardening.LocalVariables.Contains(name, StringComparer.Ordinal)
                || (network && GitHardening.NetworkVariables.Contains(name, StringComparer.Ordinal));
            if (!allowed)
            {
                variables[name] = null;
            }
        }

        // A worktree's own config could move its work tree (core.worktree) anywhere on disk: pin it where Codemate put it.
        var gitDirectory = Path.Combine(command.WorkingDirectory, ".git");
        if (Directory.Exists(gitDirectory))
        {
            variables["GIT_DIR"] = gitDirectory;
            variables["GIT_WORK_TREE"] = command.WorkingDirectory;
        }

        variables["GIT_TERMINAL_PROMPT"] = "0";
        variables["GCM_INTERACTIVE"] = "never";
        variables["GIT_CONFIG_NOSYSTEM"] = "1";
        variables["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

        List<KeyValuePair<string, string>> configuration = [.. command.Configuration];
        if (command.Credentials is { } credentials && !string.IsNullOrEmpty(credentials.Token.Value))
        {
            configuration.Add(new(GitEnvironment.ExtraHeaderKey(credentials.ServerUrl), GitEnvironment.AuthorizationHeader(credentials.Token.Value)));
        }

        // Last, so that nothing, not even a command's own configuration, turns hooks or a transport back on.
        configuration.AddRange(GitHardening.Configuration);

        foreach (var (key, value) in GitEnvironment.ConfigurationVariables(configuration))
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>
    /// Lowest CPU priority (nice 19 on Linux) for a git just started; the processes and threads it starts later inherit
    /// it. A git that has already exited, or a system that refuses, just runs at normal priority.
    /// </summary>
    private static void LowerPriority(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            process.PriorityClass = ProcessPriorityClass.Idle;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Debug, "Running {Command} in {Directory}")]
        public static partial void Running(ILogger logger, string command, string directory);

        [LoggerMessage(4002, LogLevel.Debug, "{Command} exited with {ExitCode} after {ElapsedMilliseconds:F0} ms")]
        public static partial void Finished(ILogger logger, string command, int exitCode, double elapsedMilliseconds);
    }
}
