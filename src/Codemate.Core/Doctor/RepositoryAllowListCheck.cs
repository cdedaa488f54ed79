using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Policy;

namespace Codemate.Doctor;

/// <summary>Which repositories serve will act on, and whether that is a choice the operator made.</summary>
internal static class RepositoryAllowListCheck
{
    public static DoctorResult Run(IServiceProvider services)
    {
        var policy = UnvalidatedOptions.Get<TriggerPolicyOptions>(services);
        var app = UnvalidatedOptions.Get<GitHubOptions>(services).UsesApp;
        var listed = policy.AllowedRepositories.Count(e => !string.IsNullOrWhiteSpace(e));
        if (listed > 0)
        {
            return DoctorResult.Ok($"{listed} entr{(listed == 1 ? "y" : "ies")} in {EnvironmentVariables.AllowedRepositories}");
        }

        if (app)
        {
            return policy.AllowAllRepositories
                ? DoctorResult.Warning($"{EnvironmentVariables.AllowAllRepositories}=true: the GitHub App serves every repository it is installed on, strangers' own included; list yours in {EnvironmentVariables.AllowedRepositories}.")
                : throw new DoctorFailure($"{EnvironmentVariables.GitHubAppId} is set but {EnvironmentVariables.AllowedRepositories} is empty, so serve will not start: list the repositories to serve (owner/repo or owner/*), or set {EnvironmentVariables.AllowAllRepositories}=true.");
        }

        // A token reaches only what its owner can, so serve starts; the list still narrows what an event can touch.
        return policy.AllowAllRepositories
            ? DoctorResult.Ok($"every repository the token can reach ({EnvironmentVariables.AllowAllRepositories}=true)")
            : DoctorResult.Warning($"{EnvironmentVariables.AllowedRepositories} is not set: any repository the token can reach that sends a signed webhook is served; list the repositories to serve (owner/repo or owner/*), or set {EnvironmentVariables.AllowAllRepositories}=true to say that is intended.");
    }
}
