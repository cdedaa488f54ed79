using Codemate.Testing;

namespace Codemate.AspNetCore.Tests.Samples;

/// <summary>One sample process for the whole test class; started once, killed at the end.</summary>
public sealed class ExistingAspNetAppFixture : IAsyncLifetime
{
    public const string Secret = "sample-app-secret";

    private readonly TempDirectory _temp = new("codemate-sample");
    private SampleAppProcess? _app;

    public SampleAppProcess App => _app ?? throw new InvalidOperationException("The sample app is not running.");

    public async Task InitializeAsync()
    {
        _app = await SampleAppProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["GITHUB_WEBHOOK_SECRET"] = Secret,
                ["GITHUB_TOKEN"] = "dummy",
                ["WORKSPACES_ROOT"] = _temp.Combine("workspaces"),
                ["CODEMATE_STATE_PATH"] = _temp.Combine("state", "codemate.db"),
                ["CODEMATE_TMUX_SOCKET"] = "from-the-environment",
                // Not Claude Code, which cannot start as root (as CI runs the tests); the sample starts no agent.
                ["CODEMATE_AGENT_COMMAND"] = Codemate.Testing.Hosting.TestSettings.AgentCommand,
            },
            _temp.Path);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _temp.Dispose();
    }
}
