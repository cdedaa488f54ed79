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

    [Fact]
    public void The_checkpoint_limits_default_to_ten_thousand_files_100_mb_50_mb_a_file_and_two_minutes_and_can_be_set_through_environment_variables()
    {
        using (var defaults = Build([]))
        {
            var options = defaults.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
            Assert.Equal((10_000, 100, 50, TimeSpan.FromMinutes(2)), (options.CheckpointMaxFiles, options.CheckpointMaxMegabytes, options.CheckpointMaxFileMegabytes, options.CheckpointTimeout));
        }

        using var provider = Build(new()
        {
            [WorkspaceOptions.CheckpointMaxFilesVariable] = "500",
            [WorkspaceOptions.CheckpointMaxMegabytesVariable] = "20",
            [WorkspaceOptions.CheckpointMaxFileMegabytesVariable] = "5",
            [WorkspaceOptions.CheckpointTimeoutVariable] = "30",
        });

        var set = provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
        Assert.Equal((500, 20, 5, TimeSpan.FromSeconds(30)), (set.CheckpointMaxFiles, set.CheckpointMaxMegabytes, set.CheckpointMaxFileMegabytes, set.CheckpointTimeout));
    }

    [Theory]
    [InlineData(WorkspaceOptions.CheckpointMaxFilesVariable, "0", "CODEMATE_CHECKPOINT_MAX_FILES must be between 1 and 1000000")]
    [InlineData(WorkspaceOptions.CheckpointMaxMegabytesVariable, "20000", "CODEMATE_CHECKPOINT_MAX_MB must be between 1 and 10240")]
    [InlineData(WorkspaceOptions.CheckpointMaxFileMegabytesVariable, "101", "CODEMATE_CHECKPOINT_MAX_FILE_MB must be between 1 and 100 (GitHub refuses files over 100 MB)")]
    [InlineData(WorkspaceOptions.CheckpointTimeoutVariable, "0", "CODEMATE_CHECKPOINT_TIMEOUT_SECONDS must be between 1 and 3600 seconds")]
    public void A_checkpoint_limit_out_of_range_fails_naming_its_environment_variable(string variable, string value, string message)
    {
        using var provider = Build(new() { [variable] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value);

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WorkspaceOptions.CheckpointMaxFilesVariable, "many", "CODEMATE_CHECKPOINT_MAX_FILES must be a whole number, not 'many'.")]
    [InlineData(WorkspaceOptions.CheckpointTimeoutVariable, "2m", "CODEMATE_CHECKPOINT_TIMEOUT_SECONDS must be a number of seconds, not '2m'.")]
    public void A_checkpoint_limit_that_is_not_a_number_fails_naming_its_environment_variable(string variable, string value, string message)
    {
        using var provider = Build(new() { [variable] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkspaceOptions>>().Value);

        Assert.Equal(message, Assert.Single(failure.Failures));
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
