using Codemate.Configuration;
using Codemate.GitHub;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>
/// Anyone can install a public GitHub App on a repository of their own, where they are admin and pass every
/// permission check, so an App without a repository allow-list serves strangers. With an App, startup therefore
/// needs <c>CODEMATE_ALLOWED_REPOSITORIES</c>, or <c>CODEMATE_ALLOW_ALL_REPOSITORIES=true</c> saying so explicitly.
/// A personal access token reaches only what its owner can, so it keeps the empty list's meaning: every repository.
/// </summary>
internal sealed class RepositoryAllowListValidator(IOptions<GitHubOptions> github) : IValidateOptions<TriggerPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerPolicyOptions options)
    {
        var listed = options.AllowedRepositories.Any(e => !string.IsNullOrWhiteSpace(e));
        if (listed && options.AllowAllRepositories)
        {
            // Either could be the one the operator believes in; guessing would widen or narrow what is served.
            return ValidateOptionsResult.Fail(
                $"{EnvironmentVariables.AllowAllRepositories}=true and {EnvironmentVariables.AllowedRepositories} are both set; set only one.");
        }

        if (listed || options.AllowAllRepositories || !UsesApp())
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"{EnvironmentVariables.GitHubAppId} is set but {EnvironmentVariables.AllowedRepositories} is empty: anyone can install a public GitHub App "
            + "on their own repository, where they are admin and pass every permission check. List the repositories to serve "
            + $"(owner/repo or owner/*, comma-separated), or set {EnvironmentVariables.AllowAllRepositories}=true to serve every installation.");
    }

    private bool UsesApp()
    {
        try
        {
            return github.Value.UsesApp;
        }
        catch (OptionsValidationException)
        {
            // GitHub's own validation reports what is wrong with the authentication settings.
            return false;
        }
    }
}
