using System.Net;
using System.Net.Sockets;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;

namespace Codemate.Testing.CommandLine;

/// <summary>
/// Runs the real <c>codemate</c> program as a user would: the <c>codemate.dll</c> built beside the tests, or another
/// build of it (the benchmarks run the Release build), as the tests' own user or as another (<paramref name="runAs"/>,
/// switched to with <c>setpriv</c>, which keeps the environment and the process id).
/// </summary>
public sealed class CodemateCli(string workingDirectory, IReadOnlyDictionary<string, string?> environment, string? dll = null, string? runAs = null)
{
    /// <summary>Variables a developer's shell might have that would leak into a test's Codemate.</summary>
    private static readonly string[] Scrubbed =
    [
        EnvironmentVariables.WebhookSecret, EnvironmentVariables.GitHubToken, EnvironmentVariables.GitHubAppId,
        EnvironmentVariables.GitHubAppPrivateKey, EnvironmentVariables.GitHubAppPrivateKeyFile, EnvironmentVariables.GitHubAppInstallationId,
        EnvironmentVariables.GitHubServerUrl, EnvironmentVariables.GitHubApiUrl, EnvironmentVariables.WorkspacesRoot,
        EnvironmentVariables.StatePath, EnvironmentVariables.Agent, EnvironmentVariables.AgentCommand, EnvironmentVariables.SystemPromptFile,
        EnvironmentVariables.AllowedRepositories, EnvironmentVariables.AllowAllRepositories, EnvironmentVariables.AllowedUsers, EnvironmentVariables.TriggerLabel, EnvironmentVariables.TriggerMention,
        "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
    ];

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "codemate.dll");

    public Command Command(params string[] arguments)
    {
        var env = Scrubbed.ToDictionary(k => k, _ => (string?)null);
        foreach (var (key, value) in environment)
        {
            env[key] = value;
        }

        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        var program = runAs is null ? CliWrap.Cli.Wrap("dotnet") : CliWrap.Cli.Wrap("setpriv");
        return program
            .WithArguments(a =>
            {
                if (runAs is not null)
                {
                    a.Add(["--reuid", runAs, "--regid", runAs, "--init-groups", "--", "dotnet"]);
                }

                a.Add(dll ?? DllPath).Add(arguments);
            })
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env)
            .WithValidation(CommandResultValidation.None);
    }

    public async Task<BufferedCommandResult> RunAsync(params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        return await Command(arguments).ExecuteBufferedAsync(timeout.Token);
    }

    /// <summary>A free loopback port (there is a small race between picking and binding; good enough for tests).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
