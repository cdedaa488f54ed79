using Codemate.GitHub;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.Workflow;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Codemate.Configuration;

/// <summary>
/// The <c>Codemate</c> section of the application's configuration with the environment variable names mapped onto
/// it (<see cref="EnvironmentNamesSource"/>): what every options class binds from. Built when options are first
/// read, so configuration added after <c>AddCodemate</c> still counts.
/// </summary>
internal sealed class CodemateConfiguration
{
    /// <summary>The section each options class binds from.</summary>
    private static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(CodemateOptions)] = CodemateOptions.SectionName,
        [typeof(GitHubOptions)] = GitHubOptions.SectionName,
        [typeof(AgentOptions)] = AgentOptions.SectionName,
        [typeof(TriggerPolicyOptions)] = TriggerPolicyOptions.SectionName,
        [typeof(WorkflowOptions)] = WorkflowOptions.SectionName,
        [typeof(WorkspaceOptions)] = WorkspaceOptions.SectionName,
    };

    private readonly EnvironmentNamesSource _source;
    private readonly IConfigurationRoot _root;

    public CodemateConfiguration(IConfiguration configuration)
    {
        _source = new EnvironmentNamesSource(configuration);
        _root = new ConfigurationBuilder().Add(_source).Build();
    }

    /// <summary>Registers the mapped configuration over <paramref name="configuration"/>; the first registration wins.</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration) =>
        services.TryAddSingleton(_ => new CodemateConfiguration(configuration));

    /// <summary>The mapped section <paramref name="name"/>, such as <c>Codemate:GitHub</c>.</summary>
    public IConfigurationSection GetSection(string name) => _root.GetSection(name);

    /// <summary>The values for <typeparamref name="TOptions"/> that could not be read.</summary>
    public IReadOnlyList<string> ProblemsFor<TOptions>() =>
        Sections.TryGetValue(typeof(TOptions), out var section)
            ? [.. _source.Problems.Where(p => string.Equals(p.Section, section, StringComparison.OrdinalIgnoreCase)).Select(p => p.Message)]
            : [];
}
