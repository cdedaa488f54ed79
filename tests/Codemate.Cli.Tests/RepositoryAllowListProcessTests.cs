using Codemate.Doctor;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Policy;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.Cli.Tests;

/// <summary>A GitHub App serves only the repositories it is told to; doctor says what a token serves.</summary>
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

    [Fact]
    public async Task Doctor_warns_when_a_personal_access_token_has_no_repository_allow_list()
    {
        var result = await new CodemateCli(_root.Path, TestSettings.Minimal(_root)).RunAsync("doctor");

        Assert.Contains("WARN repository allow-list: CODEMATE_ALLOWED_REPOSITORIES is not set", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reports_the_repository_allow_list_when_one_is_set()
    {
        var env = TestSettings.Minimal(_root);
        env[EnvironmentVariables.AllowedRepositories] = "octo/app,team/*";

        var result = await new CodemateCli(_root.Path, env).RunAsync("doctor");

        Assert.Contains("ok   repository allow-list: 2 entries in CODEMATE_ALLOWED_REPOSITORIES", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_fails_a_GitHub_App_without_an_allow_list_because_serve_would_not_start()
    {
        var failure = Assert.Throws<DoctorFailure>(() => RepositoryAllowListCheck.Run(Services(app: true, allowAll: false)));

        Assert.Contains("serve will not start", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_warns_about_a_GitHub_App_that_allows_every_repository()
    {
        var result = RepositoryAllowListCheck.Run(Services(app: true, allowAll: true));

        Assert.Equal(DoctorOutcome.Warning, result.Outcome);
        Assert.Contains("strangers' own included", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_accepts_a_token_told_to_allow_every_repository() =>
        Assert.Equal(DoctorOutcome.Ok, RepositoryAllowListCheck.Run(Services(app: false, allowAll: true)).Outcome);

    private Dictionary<string, string?> AppSettings()
    {
        var env = new Dictionary<string, string?>(TestSettings.Minimal(_root));
        env.Remove(EnvironmentVariables.GitHubToken);
        env[EnvironmentVariables.GitHubAppId] = "4242";
        env[EnvironmentVariables.GitHubAppPrivateKey] = GitHubAppKeyPair.Generate().Pkcs1PrivateKeyEscaped;
        return env;
    }

    private static ServiceProvider Services(bool app, bool allowAll)
    {
        var services = new ServiceCollection();
        services.Configure<GitHubOptions>(o => (o.AppId, o.Token) = app ? (4242L, null) : ((long?)null, "ghp_test"));
        services.Configure<TriggerPolicyOptions>(o => o.AllowAllRepositories = allowAll);
        return services.BuildServiceProvider();
    }
}
