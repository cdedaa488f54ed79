using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Doctor;

/// <summary>What the agent needs beyond its command: the Claude Code release, a model credential, a non-root user, a place for its files.</summary>
internal static partial class AgentChecks
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(30);

    public static async Task<DoctorResult> ClaudeCodeVersionAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Without claude on PATH the agent command check has already failed, saying how to install it.
        if (!UsesClaudeCode(services) || Executables.Find(ClaudeCodeProfile.Executable) is not { } claude)
        {
            return DoctorResult.NotApplicable;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(VersionTimeout);
        BufferedCommandResult result;
        try
        {
            result = await CliWrap.Cli.Wrap(claude).WithArguments(["--version"]).WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DoctorFailure($"'{claude} --version' did not answer within {VersionTimeout.TotalSeconds:0} seconds: reinstall Claude Code {InstallCommand}.");
        }

        var output = result.StandardOutput.Trim();
        if (result.ExitCode != 0)
        {
            throw new DoctorFailure($"'{claude} --version' failed with exit code {result.ExitCode} ({result.StandardError.Trim()}): reinstall Claude Code {InstallCommand}.");
        }

        var version = VersionNumber().Match(output);
        return version.Success && version.Value == ClaudeCodeProfile.TestedVersion
            ? DoctorResult.Ok(output)
            : DoctorResult.Warning($"{output}; Codemate is tested with {ClaudeCodeProfile.TestedVersion}: install that release {InstallCommand}.");
    }

    public static DoctorResult ModelCredentials(IServiceProvider services)
    {
        if (!UsesClaudeCode(services))
        {
            return DoctorResult.NotApplicable;
        }

        // Only whether it is set: the value is a secret, and whether it is valid only the model's API can tell.
        var model = services.GetRequiredService<ClaudeModelSettings>();
        if (model.CredentialName is { } set)
        {
            return DoctorResult.Ok($"{set} is set");
        }

        try
        {
            model.Environment();
        }
        catch (CodemateException exception)
        {
            throw new DoctorFailure(exception.Message);
        }

        return DoctorResult.Ok("set");
    }

    public static DoctorResult AgentUser(IServiceProvider services)
    {
        if (!services.GetRequiredService<IAgentUser>().RunsAsRoot)
        {
            return DoctorResult.Ok("not root");
        }

        return UsesClaudeCode(services)
            ? throw new DoctorFailure(AgentUserCheck.RootRefusal)
            : DoctorResult.Warning("the agent will run as root: run Codemate as a normal (non-root) user, such as the Docker image's 'agent' user.");
    }

    public static async Task<DoctorResult> SandboxAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var sandbox = services.GetRequiredService<AgentSandbox>();
        if (!sandbox.Enabled)
        {
            return DoctorResult.Warning($"{EnvironmentVariables.Sandbox}={SandboxModes.None}: agents run unsandboxed, with everything Codemate's user can reach; unset it to run each in bubblewrap.");
        }

        return await AgentSandbox.ProbeAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? throw new DoctorFailure(problem)
            : DoctorResult.Ok("bubblewrap (each agent in its own namespaces, seeing only its worktree)");
    }

    public static DoctorResult AgentDirectory(IServiceProvider services)
    {
        var directory = new SessionPaths(Options.Create(UnvalidatedOptions.Get<CodemateOptions>(services))).AgentsDirectory;
        return WritableDirectory.Probe(directory) is { } error
            ? throw new DoctorFailure($"{directory} is not writable ({error}): fix its permissions, or set {EnvironmentVariables.WorkspacesRoot} to a directory Codemate's user can write.")
            : DoctorResult.Ok($"{directory} is writable");
    }

    private static string InstallCommand => $"(npm install -g @anthropic-ai/claude-code@{ClaudeCodeProfile.TestedVersion})";

    private static bool UsesClaudeCode(IServiceProvider services) =>
        UnvalidatedOptions.Get<AgentOptions>(services).EffectiveAgent != AgentProfileNames.Command;

    [GeneratedRegex(@"\d+\.\d+\.\d+")]
    private static partial Regex VersionNumber();
}
