using System.Globalization;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Testing;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.GitHub;

/// <summary>The GitHub double plus Codemate's GitHub services configured against it, with fake logging.</summary>
internal sealed class GitHubTestContext : IAsyncDisposable
{
    public const long AppId = 4242;
    private static readonly Lazy<GitHubAppKeyPair> SharedKey = new(GitHubAppKeyPair.Generate);

    private GitHubTestContext(TempDirectory temp, GitHubDouble github, ServiceProvider services, FakeTimeProvider? time)
    {
        Temp = temp;
        GitHub = github;
        Services = services;
        Time = time;
    }

    public static GitHubAppKeyPair Key => SharedKey.Value;

    public TempDirectory Temp { get; }

    public GitHubDouble GitHub { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider? Time { get; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public ValueTask<GitHubToken> TokenAsync(long? installationId = null) =>
        Get<IGitHubCredentials>().GetTokenAsync(installationId, CancellationToken.None);

    public static Task<GitHubTestContext> WithTokenAsync(FakeTimeProvider? time = null, Action<Dictionary<string, string?>>? configure = null) =>
        StartAsync(app: false, installationId: null, time, configure);

    public static Task<GitHubTestContext> WithAppAsync(long? installationId = null, FakeTimeProvider? time = null, Action<Dictionary<string, string?>>? configure = null) =>
        StartAsync(app: true, installationId, time, configure);

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await GitHub.DisposeAsync();
        Temp.Dispose();
    }

    public static Dictionary<string, string?> AppSettings(string workspaces, GitHubDouble github, long? installationId)
    {
        var settings = TestSettings.Minimal(workspaces, github);
        settings.Remove(EnvironmentVariables.GitHubToken);
        settings[EnvironmentVariables.GitHubAppId] = AppId.ToString(CultureInfo.InvariantCulture);
        settings[EnvironmentVariables.GitHubAppPrivateKey] = Key.Pkcs1PrivateKeyEscaped;
        if (installationId is { } id)
        {
            settings[EnvironmentVariables.GitHubAppInstallationId] = id.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static async Task<GitHubTestContext> StartAsync(bool app, long? installationId, FakeTimeProvider? time, Action<Dictionary<string, string?>>? configure)
    {
        var temp = new TempDirectory("codemate-gh");
        var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        if (time is not null)
        {
            github.Clock = time;
        }

        github.ConfigureApp(AppId, Key.PublicKeyPem, "codemate-app");
        var settings = app ? AppSettings(temp.Path, github, installationId) : TestSettings.Minimal(temp.Path, github);
        settings["Codemate:GitHub:RetryDelay"] = "00:00:00.010";
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        services.AddCodemateGitHub(configuration);
        return new GitHubTestContext(temp, github, services.BuildServiceProvider(validateScopes: true), time);
    }
}

