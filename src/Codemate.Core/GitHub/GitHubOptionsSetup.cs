using Codemate.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.GitHub;

/// <summary>
/// Binds <see cref="GitHubOptions"/> from the <c>Codemate:GitHub</c> section, then from the original's environment
/// variable names. When only <c>GITHUB_SERVER_URL</c> names a GitHub Enterprise Server, the API URL follows it.
/// </summary>
internal sealed class GitHubOptionsSetup(IConfiguration configuration) : IConfigureOptions<GitHubOptions>
{
    private static readonly Uri DotCom = new("https://github.com/");

    public void Configure(GitHubOptions options)
    {
        configuration.GetSection(GitHubOptions.SectionName).Bind(options);
        ConfigurationValues.String(configuration, EnvironmentVariables.GitHubToken, v => options.Token = v.Trim());
        ConfigurationValues.Int64(configuration, EnvironmentVariables.GitHubAppId, v => options.AppId = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.GitHubAppPrivateKey, v => options.AppPrivateKey = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.GitHubAppPrivateKeyFile, v => options.AppPrivateKeyFile = ConfigurationValues.ExpandHome(v.Trim()));
        ConfigurationValues.Int64(configuration, EnvironmentVariables.GitHubAppInstallationId, v => options.AppInstallationId = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.GitHubServerUrl, v => options.ServerUrl = AbsoluteUrl(EnvironmentVariables.GitHubServerUrl, v));
        ConfigurationValues.String(configuration, EnvironmentVariables.GitHubApiUrl, v => options.ApiUrl = AbsoluteUrl(EnvironmentVariables.GitHubApiUrl, v));

        var apiUrlGiven = !string.IsNullOrWhiteSpace(configuration[EnvironmentVariables.GitHubApiUrl])
            || !string.IsNullOrWhiteSpace(configuration[$"{GitHubOptions.SectionName}:{nameof(GitHubOptions.ApiUrl)}"]);
        if (!apiUrlGiven && !SameHost(options.ServerUrl, DotCom))
        {
            options.ApiUrl = new Uri(WithTrailingSlash(options.ServerUrl), "api/v3/");
        }
    }

    private static Uri AbsoluteUrl(string variable, string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new CodemateException($"{variable} must be an absolute http(s) URL, not '{value}'.");

    private static bool SameHost(Uri a, Uri b) => string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    internal static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
