using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Sessions;
using Codemate.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Doctor;

/// <summary>Everything <c>codemate serve</c> needs, checked in the order a new operator would fix it.</summary>
internal static class DoctorChecks
{
    public static IReadOnlyList<DoctorCheck> All { get; } =
    [
        new("tmux", async (_, ct) => DoctorResult.Ok(await VersionAsync("tmux", ["-V"], "install tmux (Debian/Ubuntu: apt-get install -y tmux)", ct).ConfigureAwait(false))),
        new("git", async (_, ct) => DoctorResult.Ok(await VersionAsync("git", ["--version"], "install git (Debian/Ubuntu: apt-get install -y git)", ct).ConfigureAwait(false))),
        new("agent command", (services, _) => Task.FromResult(AgentCommand(services))),
        new("Claude Code version", AgentChecks.ClaudeCodeVersionAsync),
        new("model credentials", (services, _) => Task.FromResult(AgentChecks.ModelCredentials(services))),
        new("agent sandbox", AgentChecks.SandboxAsync),
        new("agent user", (services, _) => Task.FromResult(AgentChecks.AgentUser(services))),
        new("webhook secret", (services, _) => Task.FromResult(WebhookSecret(services))),
        new("repository allow-list", (services, _) => Task.FromResult(RepositoryAllowListCheck.Run(services))),
        new("workspaces root", (services, _) => Task.FromResult(WorkspacesRoot(services))),
        new("agent directory", (services, _) => Task.FromResult(AgentChecks.AgentDirectory(services))),
        new("state database", StateDatabaseAsync),
        new("GitHub credentials", GitHubCredentialsAsync),
    ];

    /// <summary>The first line <paramref name="program"/> prints for <paramref name="arguments"/>, or a failure naming <paramref name="fix"/>.</summary>
    public static async Task<string> VersionAsync(string program, string[] arguments, string fix, CancellationToken cancellationToken)
    {
        if (Executables.Find(program) is null)
        {
            throw new DoctorFailure($"{program} is not on PATH: {fix}.");
        }

        var result = await CliWrap.Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new DoctorFailure($"'{program} {string.Join(' ', arguments)}' failed: {result.StandardError.Trim()}");
    }

    private static DoctorResult AgentCommand(IServiceProvider services)
    {
        var agent = UnvalidatedOptions.Get<AgentOptions>(services);
        if (agent.EffectiveAgent != AgentProfileNames.Command)
        {
            return Executables.Find(ClaudeCodeProfile.Executable) is { } claude
                ? DoctorResult.Ok($"Claude Code at {claude}")
                : throw new DoctorFailure("'claude' is not on PATH: install Claude Code (npm install -g @anthropic-ai/claude-code), or select another agent with CODEMATE_AGENT=command and CODEMATE_AGENT_COMMAND.");
        }

        if (string.IsNullOrWhiteSpace(agent.Command))
        {
            throw new DoctorFailure($"{EnvironmentVariables.Agent}=command needs {EnvironmentVariables.AgentCommand}: set it to the command that starts your agent.");
        }

        var program = Executables.FirstProgram(agent.Command);
        return program is not null && Executables.Find(program) is { } path
            ? DoctorResult.Ok($"'{program}' at {path}")
            : throw new DoctorFailure($"'{program}' from {EnvironmentVariables.AgentCommand} is not on PATH: install it or give its full path.");
    }

    private static DoctorResult WebhookSecret(IServiceProvider services)
    {
        var options = UnvalidatedOptions.Get<CodemateOptions>(services);
        return string.IsNullOrWhiteSpace(options.WebhookSecret)
            ? throw new DoctorFailure($"{EnvironmentVariables.WebhookSecret} is not set: generate one (openssl rand -hex 32), set it here and as the webhook's secret on GitHub.")
            : DoctorResult.Ok("set");
    }

    private static DoctorResult WorkspacesRoot(IServiceProvider services)
    {
        var root = Path.GetFullPath(UnvalidatedOptions.Get<CodemateOptions>(services).WorkspacesRoot);
        return WritableDirectory.Probe(root) is { } error
            ? throw new DoctorFailure($"{root} is not writable ({error}): fix its permissions or set {EnvironmentVariables.WorkspacesRoot} to a writable directory.")
            : DoctorResult.Ok($"{root} is writable");
    }

    private static async Task<DoctorResult> StateDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = UnvalidatedOptions.Get<CodemateOptions>(services);
        try
        {
            if (options.DatabaseUrl is { } url)
            {
                // Opening migrates, as the server's start would; the description never holds the password.
                var postgres = new Codemate.State.Postgres.PostgresStateStore(Options.Create(options), TimeProvider.System);
                await using (postgres.ConfigureAwait(false))
                {
                    await postgres.InitializeAsync(cancellationToken).ConfigureAwait(false);
                    return DoctorResult.Ok($"the {postgres.Description} answers");
                }
            }

            using var store = new SqliteStateStore(Options.Create(options), TimeProvider.System);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return DoctorResult.Ok($"{options.ResolvedStatePath} opens");
        }
        catch (CodemateException exception)
        {
            throw new DoctorFailure(exception.Message);
        }
    }

    private static async Task<DoctorResult> GitHubCredentialsAsync(IServiceProvider services, CancellationToken cancellationToken)
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
            ? DoctorResult.Ok($"authenticated as {login}")
            : throw new DoctorFailure($"could not authenticate to GitHub: set {EnvironmentVariables.GitHubToken}, or {EnvironmentVariables.GitHubAppId} with {EnvironmentVariables.GitHubAppPrivateKeyFile}, and check {EnvironmentVariables.GitHubApiUrl} if you use GitHub Enterprise.");
    }
}
