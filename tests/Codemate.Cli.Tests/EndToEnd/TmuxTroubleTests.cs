using System.Net;
using System.Runtime.Versioning;
using Codemate.Testing;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// Issue #21: tmux failing for a while is not "no sessions". The real <c>codemate serve</c> runs with a <c>tmux</c>
/// first on its PATH that fails while a flag file exists and is the real tmux otherwise.
/// </summary>
[Collection(ServeCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class TmuxTroubleTests : IAsyncLifetime
{
    private readonly TempDirectory _wrapper = new("cm-tmux-wrapper");
    private ServedWorld _served = null!;

    private string Flag => _wrapper.Combine("failing");

    private string FailedCalls => _wrapper.Combine("failed-calls");

    public async Task InitializeAsync()
    {
        var tmux = RealTmux();
        var script = _wrapper.Combine("tmux");
        await File.WriteAllTextAsync(script, $"""
            #!/bin/sh
            if [ -e '{Flag}' ]; then
              echo "$*" >> '{FailedCalls}'
              echo 'lost server' >&2
              exit 1
            fi
            exec '{tmux}' "$@"
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        _served = await ServedWorld.StartAsync(s =>
        {
            s["PATH"] = _wrapper.Path + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            s["Codemate:Agent:StatusPollInterval"] = "00:00:00.200";
        });
    }

    public async Task DisposeAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }

        _wrapper.Dispose();
    }

    [Fact]
    public async Task A_session_outlives_a_few_seconds_of_tmux_failing()
    {
        await _served.OpenIssueAsync(1);
        await _served.AgentLog(1).WaitForMessagesAsync(1);

        await File.WriteAllTextAsync(Flag, "");
        // Several polls of the sessions fail, and /health says so instead of reporting no sessions.
        await Eventually.WaitAsync(() => File.Exists(FailedCalls) && File.ReadAllLines(FailedCalls).Count(l => l.Contains("list-panes", StringComparison.Ordinal)) >= 3, "three failed polls");
        using (var health = await _served.Server.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            var body = await health.Content.ReadAsStringAsync();
            Assert.Contains("tmux list-panes failed with exit code 1", body, StringComparison.Ordinal);
            Assert.DoesNotContain("lost server", body, StringComparison.Ordinal);
        }

        File.Delete(Flag);

        var row = await _served.SessionRowAsync(1);
        Assert.Equal("running", row!.Value.GetProperty("state").GetString());
        Assert.True(await _served.World.IsTmuxSessionAliveAsync(1));
        Assert.True((await _served.HealthSessionAsync(1))!.Value.GetProperty("tmux_active").GetBoolean());
        // The session is still watched: a comment reaches the agent.
        await _served.CommentAsync(1, "Still there?", 31);
        Assert.Contains("Still there?", (await _served.AgentLog(1).WaitForMessagesAsync(2))[1], StringComparison.Ordinal);
    }

    private static string RealTmux() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "tmux"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("tmux is not on PATH; install it (apt-get install -y tmux).");
}
