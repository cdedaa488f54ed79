using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;

namespace Codemate.Cli.Tests;

/// <summary>A GitHub App serves only the repositories it is told to.</summary>
public sealed class RepositoryAllowListProcessTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Serve_as_a_GitHub_App_without_a_repository_allow_list_exits_naming_both_ways_out()
    {
        var result = await new CodemateCli(_root.Path, AppSettings()).RunAsync("serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("codemate: GITHUB_APP_ID is set but CODEMATE_ALLOWED_REPOSITORIES is empty", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("CODEMATE_ALLOW_ALL_REPOSITORIES=true", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_as_a_GitHub_App_told_to_allow_every_repository_starts_and_warns_that_it_does()
    {
        var env = AppSettings();
        env[EnvironmentVariables.AllowAllRepositories] = "true";

        await using var server = await ServeProcess.StartAsync(env, _root.Path);

        Assert.Equal("ok", (await server.GetHealthAsync()).GetProperty("status").GetString());
        await Eventually.WaitAsync(
            () => server.Output.Contains("CODEMATE_ALLOW_ALL_REPOSITORIES=true: this GitHub App serves every repository it is installed on", StringComparison.Ordinal),
            "the allow-all warning in serve's log");
    }

    private Dictionary<string, string?> AppSettings()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root));
        env.Remove(EnvironmentVariables.GitHubToken);
        env[EnvironmentVariables.GitHubAppId] = "4242";
        env[EnvironmentVariables.GitHubAppPrivateKey] = GitHubAppKeyPair.Generate().Pkcs1PrivateKeyEscaped;
        return env;
    }
}
