using Microsoft.Extensions.Configuration;

namespace Codemate.Configuration;

/// <summary>
/// A configuration source over an application's configuration: its <c>Codemate</c> section, with the environment
/// variable names of <see cref="EnvironmentKeys"/> (<c>GITHUB_TOKEN</c>, <c>WORKSPACES_ROOT</c>, …) mapped onto it.
/// </summary>
internal sealed class EnvironmentNamesSource(IConfiguration configuration) : IConfigurationSource
{
    /// <summary>The values that could not be read at the last load, each naming its variable or key.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; private set; } = [];

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new EnvironmentNamesProvider(configuration, this);

    internal void Report(IReadOnlyList<ConfigurationProblem> problems) => Problems = problems;
}
