using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Options;

namespace Codemate.Sessions;

/// <summary>
/// Runs each agent inside bubblewrap (<c>CODEMATE_SANDBOX=bwrap</c>, the default) unless the operator opted out
/// (<c>none</c>). The agent reads its text from strangers and skips every permission prompt, so it is treated as
/// hostile: in its own user, PID, IPC and UTS namespaces it sees no process but its own (and cannot signal or trace
/// Codemate or another session), the system read-only, and of Codemate's files only its own worktree, its agent
/// directory (settings, Claude Code's configuration) and its status file. Codemate's workspaces root (the state
/// database, the mirrors, the spare checkouts, other issues' worktrees), <c>/tmp</c>, the tmux sockets directory (every
/// session's socket, its own too), the server's home and working directory and the App's private key are hidden. When Codemate runs as root the agent is uid
/// 1000 inside the sandbox, so it never runs as root. Ending the session ends the sandbox, and with it every process
/// the agent started, however it detached (<c>--die-with-parent</c> on the namespace's first process).
/// </summary>
internal sealed class AgentSandbox(IOptions<AgentOptions> agent, IOptions<CodemateOptions> codemate, IOptions<GitHubOptions> github)
{
    public const string Program = "bwrap";

    /// <summary>The user an agent is inside the sandbox when Codemate runs as root.</summary>
    public const int UnprivilegedUid = 1000;

    public bool Enabled => agent.Value.EffectiveSandbox == SandboxModes.Bubblewrap;

    /// <summary>The launch to give tmux: <paramref name="launch"/> itself, or wrapped in bubblewrap.</summary>
    public SessionLaunch Wrap(SessionLaunch launch, AgentLaunchContext context)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(context);
        if (!Enabled)
        {
            return launch;
        }

        return launch with { Command = [Program, .. Arguments(context, launch.WorkingDirectory, launch.Program), "--", .. launch.ExecutedCommand] };
    }

    /// <summary>
    /// Starts an empty sandbox to prove bubblewrap works here: <see langword="null"/> when it does, otherwise one
    /// sentence saying what failed and what to install or set.
    /// </summary>
    public static async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        string problem;
        try
        {
            var result = await Cli.Wrap(Program).WithArguments([.. ProbeArguments(), "--", "true"])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return null;
            }

            problem = $"'{Program}' failed ({result.StandardError.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            problem = $"'{Program}' is not on PATH";
        }

        return $"{EnvironmentVariables.Sandbox}={SandboxModes.Bubblewrap} (the default) cannot start a sandbox here: {problem}. Install bubblewrap (apt-get install bubblewrap) "
            + $"and allow user namespaces (in Docker, the compose file's security_opt), or set {EnvironmentVariables.Sandbox}={SandboxModes.None} to run agents unsandboxed.";
    }

    /// <summary>The namespaces and the read-only system every sandbox starts from; start-up runs <c>true</c> in it.</summary>
    internal static IReadOnlyList<string> ProbeArguments()
    {
        var arguments = new List<string> { "--unshare-user" };
        if (Environment.IsPrivilegedProcess)
        {
            var uid = UnprivilegedUid.ToString(System.Globalization.CultureInfo.InvariantCulture);
            arguments.AddRange(["--uid", uid, "--gid", uid]);
        }

        arguments.AddRange(["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent"]);
        arguments.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--setenv", "TMPDIR", "/tmp"]);
        return arguments;
    }

    /// <summary>bubblewrap's arguments for one session; later mounts lie on top of earlier ones.</summary>
    internal IReadOnlyList<string> Arguments(AgentLaunchContext context, string workingDirectory, string? program = null)
    {
        var arguments = new List<string>(ProbeArguments());
        var hiddenDirectories = HiddenDirectories().ToList();
        foreach (var hidden in hiddenDirectories)
        {
            arguments.AddRange(["--tmpfs", hidden]);
        }

        hiddenDirectories.Add("/tmp");

        // The agent's own program stays reachable when it was installed below a hidden directory (an npm prefix in
        // the server's home, say): the directory of the name on PATH and that of the file it links to, read-only.
        foreach (var directory in ProgramDirectories(program).Where(d => hiddenDirectories.Exists(h => d == h || d.StartsWith(h + "/", StringComparison.Ordinal))))
        {
            arguments.AddRange(["--ro-bind", directory, directory]);
        }

        if (github.Value.AppPrivateKeyFile is { Length: > 0 } keyFile && File.Exists(HomePath.Expand(keyFile)))
        {
            arguments.AddRange(["--ro-bind", "/dev/null", Path.GetFullPath(HomePath.Expand(keyFile))]);
        }

        foreach (var writable in new[] { context.Session.Workspace, context.AgentDirectory })
        {
            Directory.CreateDirectory(writable);
            arguments.AddRange(["--bind", Path.GetFullPath(writable), Path.GetFullPath(writable)]);
        }

        // A home of the session's own, kept with its agent directory: the server's is hidden.
        var home = Directory.CreateDirectory(Path.Combine(context.AgentDirectory, "home")).FullName;
        arguments.AddRange(["--setenv", "HOME", home]);

        // The status file itself, not its directory: other sessions' status files stay out of reach.
        arguments.AddRange(["--bind", context.StatusFile, context.StatusFile, "--chdir", workingDirectory]);
        return arguments;
    }

    private static IEnumerable<string> ProgramDirectories(string? program)
    {
        if (string.IsNullOrEmpty(program))
        {
            yield break;
        }

        var path = program.Contains('/', StringComparison.Ordinal)
            ? Path.GetFullPath(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            yield break;
        }

        yield return Path.GetDirectoryName(path)!;
        if (new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            yield return Path.GetDirectoryName(target.FullName)!;
        }
    }

    private IEnumerable<string> HiddenDirectories()
    {
        var options = codemate.Value;
        var candidates = new List<string?>
        {
            Path.GetFullPath(options.WorkspacesRoot),
            Path.GetDirectoryName(options.ResolvedStatePath),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            Environment.CurrentDirectory,
            // Every session's tmux socket, its own included: a server runs outside the sandbox and does what a client
            // asks (run-shell, new-window), so the agent talks to none; it has no need of tmux.
            new TmuxSockets(agent).EnsureDirectory(),
            Environment.GetEnvironmentVariable("TMUX_TMPDIR"),
        };
        return candidates
            .Where(d => !string.IsNullOrWhiteSpace(d) && Directory.Exists(d) && Path.GetFullPath(d!) != "/" && !IsSystemDirectory(d!))
            .Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d!)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(d => d.Length);
    }

    // Hiding one of these would take the agent's tools away; nothing of Codemate's belongs there.
    private static bool IsSystemDirectory(string directory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) is "/usr" or "/bin" or "/lib" or "/lib64" or "/etc" or "/opt" or "/var" or "/sbin";
}
