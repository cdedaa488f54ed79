using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Sessions;

public sealed class AgentUserCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new("cm-root");
    private readonly IAgentUser _user = Substitute.For<IAgentUser>();
    private readonly FakeLogCollector _logs = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Claude_Code_as_root_stops_the_start_before_anything_else_runs()
    {
        _user.RunsAsRoot.Returns(true);
        var settings = ClaudeSettings();
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<CodemateException>(() => host.StartAsync());

        Assert.Equal(AgentUserCheck.RootRefusal, error.Message);
        Assert.Contains("run Codemate as a normal (non-root) user", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(settings[EnvironmentVariables.StatePath]), "the state database was created before the refusal");
    }

    [Fact]
    public async Task Claude_Code_as_a_normal_user_starts()
    {
        _user.RunsAsRoot.Returns(false);
        using var host = BuildHost(ClaudeSettings());

        await host.StartAsync();

        Assert.DoesNotContain(_logs.GetSnapshot(), r => r.Id.Id == 5201);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_command_agent_as_root_starts_with_a_warning()
    {
        _user.RunsAsRoot.Returns(true);
        using var host = BuildHost(TestSettings.Minimal(_temp));

        await host.StartAsync();

        var warning = Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5201);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("The agent (command) will run as root", warning.Message, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_profile_that_replaces_Claude_Code_is_not_refused_as_root()
    {
        _user.RunsAsRoot.Returns(true);
        using var host = BuildHost(ClaudeSettings(), codemate => codemate.UseAgentProfile<CustomProfile>());

        await host.StartAsync();

        Assert.Single(_logs.GetSnapshot(), r => r.Id.Id == 5201);
        await host.StopAsync();
    }

    private Dictionary<string, string?> ClaudeSettings()
    {
        var settings = TestSettings.Minimal(_temp);
        settings.Remove(EnvironmentVariables.AgentCommand);
        return settings;
    }

    private IHost BuildHost(Dictionary<string, string?> settings, Action<Codemate.DependencyInjection.CodemateBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs));
        var codemate = builder.Services.AddCodemateCore(builder.Configuration);
        configure?.Invoke(codemate);
        builder.Services.Replace(ServiceDescriptor.Singleton(_user));
        return builder.Build();
    }

    private sealed class CustomProfile : IAgentProfile
    {
        public Task<SessionLaunch> CreateLaunchAsync(AgentLaunchContext context, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
