using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Doctor;

/// <summary>Everything <c>codemate serve</c> needs, checked in the order a new operator would fix it.</summary>
internal static class DoctorChecks
{
    public static IReadOnlyList<DoctorCheck> All { get; } =
    [
        new("tmux", (_, ct) => VersionAsync("tmux", ["-V"], "install tmux (Debian/Ubuntu: apt-get install -y tmux)", ct)),
        new("git", (_, ct) => VersionAsync("git", ["--version"], "install git (Debian/Ubuntu: apt-get install -y git)", ct)),
        new("agent command", (services, _) => Task.FromResult(AgentCommand(services))),
        new("webhook secret", (services, _) => Task.FromResult(WebhookSecret(services))),
        new("workspaces root", (services, _) => Task.FromResult(WorkspacesRoot(services))),
        new("state database", StateDatabaseAsync),
        new("GitHub credentials", GitHubCredentialsAsync),
    ];

    private static async Task<string> VersionAsync(string program, string[] arguments, string fix, CancellationToken cancellationToken)
    {
        if (Executables.Find(program) is null)
        {
            throw new DoctorFailure($"{program} is not on PATH: {fix}.");
        }

        var result = await CliWrap.Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new DoctorFailure($"'{program} {string.Join(' ', arguments)}' failed: {result.StandardError.Trim()}");
    }

    private static string AgentCommand(IServiceProvider services)
    {
        var agent = Unvalidated<AgentOptions>(services);
        var useCommand = string.Equals(agent.Agent, "command", StringComparison.OrdinalIgnoreCase)
            || (string.IsNullOrWhiteSpace(agent.Agent) && !string.IsNullOrWhiteSpace(agent.Command));
        if (!useCommand)
        {
            return Executables.Find("claude") is { } claude
                ? $"Claude Code at {claude}"
                : throw new DoctorFailure("'claude' is not on PATH: install Claude Code (npm install -g @anthropic-ai/claude-code), or select another agent with CODEMATE_AGENT=command and CODEMATE_AGENT_COMMAND.");
        }

        if (string.IsNullOrWhiteSpace(agent.Command))
        {
            throw new DoctorFailure($"{EnvironmentVariables.Agent}=command needs {EnvironmentVariables.AgentCommand}: set it to the command that starts your agent.");
        }

        var program = Executables.FirstProgram(agent.Command);
        return program is not null && Executables.Find(program) is { } path
            ? $"'{program}' at {path}"
            : throw new DoctorFailure($"'{program}' from {EnvironmentVariables.AgentCommand} is not on PATH: install it or give its full path.");
    }

    private static string WebhookSecret(IServiceProvider services)
    {
        var options = Unvalidated<CodemateOptions>(services);
        return string.IsNullOrWhiteSpace(options.WebhookSecret)
            ? throw new DoctorFailure($"{EnvironmentVariables.WebhookSecret} is not set: generate one (openssl rand -hex 32), set it here and as the webhook's secret on GitHub.")
            : "set";
    }

    private static string WorkspacesRoot(IServiceProvider services)
    {
        var root = Path.GetFullPath(Unvalidated<CodemateOptions>(services).WorkspacesRoot);
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".codemate-doctor-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return $"{root} is writable";
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DoctorFailure($"{root} is not writable ({exception.Message}): fix its permissions or set {EnvironmentVariables.WorkspacesRoot} to a writable directory.");
        }
    }

    private static async Task<string> StateDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = Unvalidated<CodemateOptions>(services);
        var path = options.ResolvedStatePath;
        try
        {
            using var store = new SqliteStateStore(Options.Create(options), TimeProvider.System);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return $"{path} opens";
        }
        catch (CodemateException exception)
        {
            throw new DoctorFailure(exception.Message);
        }
    }

    private static async Task<string> GitHubCredentialsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        string? login;
        try
        {
            login = await services.GetRequiredService<IGitHubIdentity>().GetLoginAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            throw new DoctorFailure($"GitHub rejected the credentials: {exception.Message}");
        }

        return login is not null
            ? $"authenticated as {login}"
            : throw new DoctorFailure($"could not authenticate to GitHub: set {EnvironmentVariables.GitHubToken}, or {EnvironmentVariables.GitHubAppId} with {EnvironmentVariables.GitHubAppPrivateKeyFile}, and check {EnvironmentVariables.GitHubApiUrl} if you use GitHub Enterprise.");
    }

    // Each check reports its own problem: options validation would otherwise fail every check for one missing value.
    private static T Unvalidated<T>(IServiceProvider services)
        where T : class, new()
    {
        var options = new T();
        foreach (var configure in services.GetServices<IConfigureOptions<T>>())
        {
            configure.Configure(options);
        }

        return options;
    }
}
