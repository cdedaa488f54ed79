using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.GitHub;

/// <summary>Exactly one authentication method, a readable key, sane URLs; every message names the variable to set.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();
        if (options.UsesToken && options.UsesApp)
        {
            failures.Add($"Both {EnvironmentVariables.GitHubToken} and a GitHub App ({EnvironmentVariables.GitHubAppId}, {EnvironmentVariables.GitHubAppPrivateKeyFile}, {EnvironmentVariables.GitHubAppPrivateKey}) are configured; set exactly one authentication method.");
        }
        else if (!options.UsesToken && !options.UsesApp)
        {
            failures.Add($"No GitHub authentication is configured: set {EnvironmentVariables.GitHubToken} to a personal access token, or {EnvironmentVariables.GitHubAppId} with {EnvironmentVariables.GitHubAppPrivateKeyFile} (or {EnvironmentVariables.GitHubAppPrivateKey}) for a GitHub App.");
        }
        else if (options.UsesApp)
        {
            ValidateApp(options, failures);
        }

        if (!IsHttp(options.ServerUrl))
        {
            failures.Add($"{EnvironmentVariables.GitHubServerUrl} must be an absolute http(s) URL.");
        }

        if (!IsHttp(options.ApiUrl))
        {
            failures.Add($"{EnvironmentVariables.GitHubApiUrl} must be an absolute http(s) URL.");
        }

        if (options.MaxRetryAttempts is < 0 or > 20 || options.RetryDelay < TimeSpan.Zero || options.MaxRetryWait < TimeSpan.Zero || options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{GitHubOptions.SectionName} retry settings are out of range: MaxRetryAttempts 0-20, delays not negative, AttemptTimeout positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateApp(GitHubOptions options, List<string> failures)
    {
        if (options.AppId is null)
        {
            failures.Add($"A GitHub App private key is configured but {EnvironmentVariables.GitHubAppId} is not set; set it to the App's id.");
            return;
        }

        if (options.AppId <= 0)
        {
            failures.Add($"{EnvironmentVariables.GitHubAppId} must be a positive number.");
        }

        if (options.AppInstallationId is <= 0)
        {
            failures.Add($"{EnvironmentVariables.GitHubAppInstallationId} must be a positive number.");
        }

        if (!string.IsNullOrWhiteSpace(options.AppPrivateKeyFile) && !string.IsNullOrWhiteSpace(options.AppPrivateKey))
        {
            failures.Add($"Both {EnvironmentVariables.GitHubAppPrivateKeyFile} and {EnvironmentVariables.GitHubAppPrivateKey} are set; set only one.");
            return;
        }

        if (GitHubAppKey.TryLoad(options, out var key, out var error))
        {
            key.Dispose();
        }
        else
        {
            failures.Add(error);
        }
    }

    private static bool IsHttp(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
