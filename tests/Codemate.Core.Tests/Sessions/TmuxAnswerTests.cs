using Codemate.Sessions;
using Codemate.Testing;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Only tmux saying that no server runs means "no sessions"; other failures are errors, never an empty list.</summary>
public sealed class TmuxAnswerTests
{
    [Theory]
    [InlineData("no server running on /tmp/cm/tmux.sock\n", true)]
    [InlineData("error connecting to /tmp/tmux-0/codemate (No such file or directory)\n", true)]
    [InlineData("error connecting to /tmp/cm/tmux.sock (Permission denied)\n", false)]
    [InlineData("server exited unexpectedly\n", true)]
    [InlineData("", false)]
    public void Only_tmux_reporting_no_server_counts_as_no_sessions(string standardError, bool noServer) =>
        Assert.Equal(noServer, TmuxSessionHost.IsNoServer(standardError));

    [Fact]
    public async Task A_sockets_directory_with_no_server_lists_no_sessions_and_no_session_is_alive()
    {
        using var root = new TempDirectory("cm-tmux-none");
        var host = new TmuxSessionHost(Options.Create(new AgentOptions { TmuxSocketPath = root.Combine("missing") }), AgentEnvironment.AllowListOnly);

        Assert.Empty(await host.ListAsync(CancellationToken.None));
        Assert.False(await host.IsAliveAsync("claude-octo-app-1", CancellationToken.None));
    }
}
