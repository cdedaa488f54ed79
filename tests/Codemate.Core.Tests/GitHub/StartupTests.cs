using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Testing;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Codemate.Core.Tests.GitHub;

public sealed class StartupTests
{
    public static TheoryData<string, string[], string> Misconfigurations => new()
    {
        { "neither method", [EnvironmentVariables.GitHubToken, "no-app"], EnvironmentVariables.GitHubToken },
        { "neither method names the App too", [EnvironmentVariables.GitHubToken, "no-app"], EnvironmentVariables.GitHubAppId },
        { "both methods", [], EnvironmentVariables.GitHubAppId },
        { "App without a key", [EnvironmentVariables.GitHubToken, EnvironmentVariables.GitHubAppPrivateKey], EnvironmentVariables.GitHubAppPrivateKeyFile },
        { "key file missing", [EnvironmentVariables.GitHubToken, "file:/nonexistent/app.pem"], EnvironmentVariables.GitHubAppPrivateKeyFile },
        { "malformed inline PEM", [EnvironmentVariables.GitHubToken, "inline:-----BEGIN RSA PRIVATE KEY-----\\nnot a key\\n-----END RSA PRIVATE KEY-----"], EnvironmentVariables.GitHubAppPrivateKey },
        { "malformed PEM file", [EnvironmentVariables.GitHubToken, "file-content:hello"], EnvironmentVariables.GitHubAppPrivateKeyFile },
        { "key from both sources", [EnvironmentVariables.GitHubToken, "file-content:" + "KEY"], EnvironmentVariables.GitHubAppPrivateKey },
        { "App id not a number", [EnvironmentVariables.GitHubToken, "appid:abc"], EnvironmentVariables.GitHubAppId },
        { "bad API URL", ["api:not a url"], EnvironmentVariables.GitHubApiUrl },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task A_misconfiguration_fails_startup_with_a_message_naming_the_variable(string because, string[] edits, string variable)
    {
        _ = because;
        using var temp = new TempDirectory();
        var settings = TestSettings.Minimal(temp.Path);
        settings[EnvironmentVariables.GitHubAppId] = "12";
        settings[EnvironmentVariables.GitHubAppPrivateKey] = GitHubTestContext.Key.Pkcs8PrivateKeyPem;
        foreach (var edit in edits)
        {
            Apply(settings, edit, temp);
        }

        using var host = BuildHost(settings, new FakeLogCollector());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY-----", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_installation_gets_its_token_at_startup()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        github.ConfigureApp(GitHubTestContext.AppId, GitHubTestContext.Key.PublicKeyPem);
        using var host = BuildHost(GitHubTestContext.AppSettings(temp.Path, github, installationId: 31), new FakeLogCollector());

        await host.StartAsync();
        await WaitUntilAsync(() => github.IssuedTokens.Count == 1 && host.Services.GetRequiredService<IGitHubIdentity>().CachedLogin is not null);

        Assert.Equal(31, github.IssuedTokens[0].InstallationId);
        Assert.Equal("codemate-test[bot]", host.Services.GetRequiredService<IGitHubIdentity>().CachedLogin);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_failed_startup_exchange_is_logged_and_the_host_keeps_running()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        github.ConfigureApp(GitHubTestContext.AppId, GitHubTestContext.Key.PublicKeyPem);
        github.FailNext(1, DoubleFailure.Unauthorized(), "POST", "/access_tokens");
        var logs = new FakeLogCollector();
        using var host = BuildHost(GitHubTestContext.AppSettings(temp.Path, github, installationId: 31), logs);

        await host.StartAsync();
        await WaitUntilAsync(() => logs.GetSnapshot().Any(r => r.Id.Id == 2030));
        var token = await host.Services.GetRequiredService<IGitHubCredentials>().GetTokenAsync(null, CancellationToken.None);

        Assert.Contains("installation 31", logs.GetSnapshot().Single(r => r.Id.Id == 2030).Message, StringComparison.Ordinal);
        Assert.Equal(github.IssuedTokens.Single().Token, token.Value);
        await host.StopAsync();
    }

    [Fact]
    public async Task Only_GITHUB_SERVER_URL_is_needed_for_an_enterprise_server()
    {
        using var temp = new TempDirectory();
        await using var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        github.AddRepository("octo", "app", "develop");
        var settings = TestSettings.Minimal(temp.Path, github);
        settings.Remove(EnvironmentVariables.GitHubApiUrl);
        using var host = BuildHost(settings, new FakeLogCollector());

        var branch = await host.Services.GetRequiredService<IGitHubApi>().GetDefaultBranchAsync(Codemate.Issues.RepositoryName.Create("octo", "app"), null, CancellationToken.None);

        Assert.Equal("develop", branch);
        Assert.Contains(github.Calls, c => c.PathAndQuery == "/api/v3/repos/octo/app");
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://ghes.example.com", "https://ghes.example.com/api/v3/")]
    [InlineData("https://ghes.example.com/api/v3", "https://ghes.example.com/api/v3/")]
    [InlineData("https://ghes.example.com/api/v3/", "https://ghes.example.com/api/v3/")]
    public void Octokit_talks_to_api_v3_on_hosts_other_than_github_com(string apiUrl, string expected) =>
        Assert.Equal(expected, GitHubConnectionFactory.ApiBaseAddress(new Uri(apiUrl)).ToString());

    internal static IHost BuildHost(IDictionary<string, string?> settings, FakeLogCollector logs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Codemate:GitHub:RetryDelay"] = "00:00:00.010";
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs));
        builder.Services.AddCodemateGitHub(builder.Configuration);
        return builder.Build();
    }

    private static void Apply(Dictionary<string, string?> settings, string edit, TempDirectory temp)
    {
        var colon = edit.IndexOf(':', StringComparison.Ordinal);
        var (kind, value) = colon < 0 ? (edit, "") : (edit[..colon], edit[(colon + 1)..]);
        switch (kind)
        {
            case "file":
                settings.Remove(EnvironmentVariables.GitHubAppPrivateKey);
                settings[EnvironmentVariables.GitHubAppPrivateKeyFile] = value;
                break;
            case "inline":
                settings[EnvironmentVariables.GitHubAppPrivateKey] = value;
                break;
            case "file-content":
                var path = temp.Combine("key.pem");
                File.WriteAllText(path, value == "KEY" ? GitHubTestContext.Key.Pkcs1PrivateKeyPem : value);
                if (value != "KEY")
                {
                    settings.Remove(EnvironmentVariables.GitHubAppPrivateKey);
                }

                settings[EnvironmentVariables.GitHubAppPrivateKeyFile] = path;
                break;
            case "no-app":
                settings.Remove(EnvironmentVariables.GitHubAppId);
                settings.Remove(EnvironmentVariables.GitHubAppPrivateKey);
                break;
            case "appid":
                settings[EnvironmentVariables.GitHubAppId] = value;
                break;
            case "api":
                settings[EnvironmentVariables.GitHubApiUrl] = value;
                break;
            default:
                settings.Remove(kind);
                break;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
