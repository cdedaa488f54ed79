using Codemate.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>The rules data annotations cannot express; every message names the variable to set.</summary>
internal sealed class TriggerPolicyOptionsValidator : IValidateOptions<TriggerPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerPolicyOptions options)
    {
        var failures = new List<string>();
        foreach (var entry in options.AllowedRepositories)
        {
            if (!RepositoryAllowList.TryParseEntry(entry, out _, out var error))
            {
                failures.Add($"{EnvironmentVariables.AllowedRepositories}: {error}.");
            }
        }

        foreach (var login in options.AllowedUsers)
        {
            if (!Logins.IsValid(login))
            {
                failures.Add($"{EnvironmentVariables.AllowedUsers}: '{Logins.Printable(login)}' is not a GitHub login.");
            }
        }

        if (options.TriggerLabel is { } label && (string.IsNullOrWhiteSpace(label) || label.Length > 50 || label.Any(char.IsControl)))
        {
            failures.Add($"{EnvironmentVariables.TriggerLabel} must be a label name of 1 to 50 printable characters.");
        }

        if (options.TriggerMention is { } mention && !Logins.IsValid(Logins.WithoutAt(mention)))
        {
            failures.Add($"{EnvironmentVariables.TriggerMention} must be a GitHub login or app name such as '@codemate', not '{Logins.Printable(mention)}'.");
        }

        if (options.RequiredPermission is <= RepositoryPermission.None or > RepositoryPermission.Admin)
        {
            failures.Add($"{EnvironmentVariables.RequiredPermission} must be read, triage, write, maintain or admin.");
        }

        if (options.TrustAllowedUsers && options.AllowedUsers.Count == 0)
        {
            failures.Add($"{EnvironmentVariables.TrustAllowedUsers} is set but {EnvironmentVariables.AllowedUsers} is empty; list the users to trust.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
