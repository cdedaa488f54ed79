using Codemate.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

public sealed class AgentProfileSelectionTests
{
    [Fact]
    public void Claude_is_the_default_profile() =>
        Assert.IsType<ClaudeCodeProfile>(Profile(new Dictionary<string, string?>()));

    [Fact]
    public void Setting_only_CODEMATE_AGENT_COMMAND_selects_the_command_profile() =>
        Assert.IsType<CommandAgentProfile>(Profile(new() { ["CODEMATE_AGENT_COMMAND"] = "my-agent --flag" }));

    [Fact]
    public void CODEMATE_AGENT_claude_wins_over_a_configured_command() =>
        Assert.IsType<ClaudeCodeProfile>(Profile(new() { ["CODEMATE_AGENT"] = "Claude", ["CODEMATE_AGENT_COMMAND"] = "x" }));

    [Fact]
    public void An_unknown_profile_fails_validation_naming_CODEMATE_AGENT()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["CODEMATE_AGENT"] = "copilot" }));
        Assert.Contains("CODEMATE_AGENT must be 'claude' or 'command', not 'copilot'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_profile_without_a_command_fails_validation_naming_CODEMATE_AGENT_COMMAND()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["CODEMATE_AGENT"] = "command" }));
        Assert.Contains("CODEMATE_AGENT_COMMAND", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_profile_runs_the_command_as_one_shell_string_with_the_status_contract()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AgentOptions { Command = "agent --x 'a b'" });
        var session = new SessionContext(new(Issues.RepositoryName.Create("o", "r"), 2), "/w", "issue-2", null);
        var context = new AgentLaunchContext(session, "claude-o-r-2", "/s/claude-o-r-2.status", "/a");

        var launch = await new CommandAgentProfile(options).CreateLaunchAsync(context, CancellationToken.None);

        Assert.Equal(["agent --x 'a b'"], launch.Command);
        Assert.Equal("/s/claude-o-r-2.status", launch.Environment["CODEMATE_STATUS_FILE"]);
    }

    [Fact]
    public void UseAgentProfile_replaces_the_configured_profile()
    {
        var services = Services(new Dictionary<string, string?>());
        services.AddCodemateCore(new ConfigurationBuilder().Build()).UseAgentProfile<CustomProfile>();

        using var provider = services.BuildServiceProvider();

        Assert.IsType<CustomProfile>(provider.GetRequiredService<IAgentProfile>());
        Assert.Single(services, d => d.ServiceType == typeof(IAgentProfile));
    }

    private static IAgentProfile Profile(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings).BuildServiceProvider();
        return ((ConfiguredAgentProfile)provider.GetRequiredService<IAgentProfile>()).Selected;
    }

    private static AgentOptions Options(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AgentOptions>>().Value;
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCodemateCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }

    private sealed class CustomProfile : IAgentProfile
    {
        public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
