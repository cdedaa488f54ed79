using Codemate.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>Binds <see cref="TriggerPolicyOptions"/> from <c>Codemate:Policy</c>, then from the <c>CODEMATE_*</c> variables, which win.</summary>
internal sealed class TriggerPolicyOptionsSetup(IConfiguration configuration) : IConfigureOptions<TriggerPolicyOptions>
{
    private static readonly char[] ListSeparators = [',', ';', ' ', '\t', '\r', '\n'];

    public void Configure(TriggerPolicyOptions options)
    {
        configuration.GetSection(TriggerPolicyOptions.SectionName).Bind(options);
        ConfigurationValues.String(configuration, EnvironmentVariables.AllowedUsers, v => Replace(options.AllowedUsers, v));
        ConfigurationValues.String(configuration, EnvironmentVariables.AllowedRepositories, v => Replace(options.AllowedRepositories, v));
        ConfigurationValues.Boolean(configuration, EnvironmentVariables.AllowAllRepositories, v => options.AllowAllRepositories = v);
        ConfigurationValues.String(configuration, EnvironmentVariables.TriggerLabel, v => options.TriggerLabel = v.Trim());
        ConfigurationValues.String(configuration, EnvironmentVariables.TriggerMention, v => options.TriggerMention = v.Trim());
        ConfigurationValues.String(configuration, EnvironmentVariables.RequiredPermission, v => options.RequiredPermission =
            RepositoryPermissions.TryParse(v, out var permission) && permission != RepositoryPermission.None
                ? permission
                : throw new CodemateException($"{EnvironmentVariables.RequiredPermission} must be read, triage, write, maintain or admin, not '{v}'."));
        ConfigurationValues.Boolean(configuration, EnvironmentVariables.TrustAllowedUsers, v => options.TrustAllowedUsers = v);
        ConfigurationValues.Seconds(configuration, EnvironmentVariables.PermissionCacheSeconds, v => options.PermissionCacheDuration = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxConcurrentSessions, v => options.MaxConcurrentSessions = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxPromptChars, v => options.MaxPromptChars = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxCommentChars, v => options.MaxCommentChars = v);
        ConfigurationValues.Int32(configuration, EnvironmentVariables.MaxCommentsPerHour, v => options.MaxCommentsPerHour = v);
    }

    private static void Replace(IList<string> list, string commaSeparated)
    {
        list.Clear();
        foreach (var item in commaSeparated.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            list.Add(item);
        }
    }
}
