using Codemate.GitHub;
using Codemate.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.Core.Tests.Workspaces;

public sealed class WorkspaceRegistrationTests
{
    [Fact]
    public void AddCodemateCore_registers_the_workspace_services_with_the_bot_identity_by_default()
    {
        using var provider = Build([]);

        Assert.IsType<WorkspaceManager>(provider.GetRequiredService<IWorkspaceManager>());
        Assert.IsType<PullRequestPreparer>(provider.GetRequiredService<IPullRequestPreparer>());
        Assert.IsType<CliGitRunner>(provider.GetRequiredService<IGitRunner>());
        var options = provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
        Assert.Equal("codemate[bot]", options.CommitterName);
        Assert.Equal("codemate[bot]@users.noreply.github.com", options.CommitterEmail);
    }

    [Fact]
    public void The_committer_identity_can_be_set_through_environment_variables()
    {
        using var provider = Build(new()
        {
            [WorkspaceOptions.CommitterNameVariable] = "Robo",
            [WorkspaceOptions.CommitterEmailVariable] = "robo@example.com",
        });

        var options = provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
        Assert.Equal(("Robo", "robo@example.com"), (options.CommitterName, options.CommitterEmail));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(Substitute.For<IGitHubApi>());
        services.AddSingleton(Substitute.For<IGitHubCredentials>());
        services.AddCodemateCore(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true });
    }
}
