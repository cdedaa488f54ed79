using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Policy;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Policy;

public sealed class AppModeAllowListTests
{
    [Fact]
    public void A_GitHub_App_without_a_repository_allow_list_is_refused_naming_both_ways_out()
    {
        var result = Validate(app: true, new TriggerPolicyOptions());

        Assert.True(result.Failed);
        Assert.Contains("GITHUB_APP_ID is set but CODEMATE_ALLOWED_REPOSITORIES is empty", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("CODEMATE_ALLOW_ALL_REPOSITORIES=true", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_GitHub_App_with_a_repository_allow_list_is_accepted()
    {
        var options = new TriggerPolicyOptions();
        options.AllowedRepositories.Add("octo/*");

        Assert.True(Validate(app: true, options).Succeeded);
    }

    [Fact]
    public void A_GitHub_App_told_to_allow_every_repository_is_accepted() =>
        Assert.True(Validate(app: true, new TriggerPolicyOptions { AllowAllRepositories = true }).Succeeded);

    [Fact]
    public void A_personal_access_token_without_an_allow_list_is_accepted_because_the_token_limits_its_reach() =>
        Assert.True(Validate(app: false, new TriggerPolicyOptions()).Succeeded);

    [Fact]
    public void Allowing_every_repository_and_listing_some_at_once_is_refused()
    {
        var options = new TriggerPolicyOptions { AllowAllRepositories = true };
        options.AllowedRepositories.Add("octo/app");

        var result = Validate(app: false, options);

        Assert.True(result.Failed);
        Assert.Contains($"{EnvironmentVariables.AllowAllRepositories}=true and {EnvironmentVariables.AllowedRepositories} are both set", result.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(bool app, TriggerPolicyOptions options)
    {
        var github = new GitHubOptions { AppId = app ? 12 : null, Token = app ? null : "ghp_test" };
        return new RepositoryAllowListValidator(Options.Create(github)).Validate(null, options);
    }
}
