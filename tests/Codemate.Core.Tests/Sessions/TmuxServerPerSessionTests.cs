using System.Net.Sockets;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Issue #19, outcome 4: every session runs on a tmux server of its own, found through its socket.</summary>
public sealed class TmuxServerPerSessionTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cm-tmux-each");
    private readonly List<Socket> _staleSockets = [];
    private TmuxTestServer _tmux = null!;
    private TmuxSessionHost _host = null!;

    public Task InitializeAsync()
    {
        _tmux = new TmuxTestServer(_root.Path);
        _host = new TmuxSessionHost(Options.Create(new AgentOptions { TmuxSocketPath = _tmux.SocketsDirectory }), AgentEnvironment.AllowListOnly);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _tmux.DisposeAsync();
        _staleSockets.ForEach(s => s.Dispose());
        _root.Dispose();
    }

    [Fact]
    public async Task Each_session_runs_on_its_own_server_and_stopping_one_ends_its_server_only()
    {
        await StartAsync("claude-o-r-1");
        await StartAsync("claude-o-r-2");

        Assert.Equal(["claude-o-r-1", "claude-o-r-2"], await _host.ListAsync(CancellationToken.None));
        Assert.Equal(["claude-o-r-1"], (await _tmux.RunOnAsync("claude-o-r-1", "list-sessions", "-F", "#{session_name}")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, (await _tmux.ServerProcessIdsAsync()).Distinct().Count());

        await _host.StopAsync("claude-o-r-1", CancellationToken.None);

        Assert.False(File.Exists(_tmux.SocketPath("claude-o-r-1")));
        Assert.False(await _host.IsAliveAsync("claude-o-r-1", CancellationToken.None));
        Assert.True(await _host.IsAliveAsync("claude-o-r-2", CancellationToken.None));
        Assert.Equal(["claude-o-r-2"], await _host.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_listed_session_whose_agent_exits_is_no_longer_listed()
    {
        await StartAsync("claude-o-r-4");
        Assert.Equal(["claude-o-r-4"], await _host.ListAsync(CancellationToken.None));
        var pane = (await _tmux.RunOnAsync("claude-o-r-4", "display-message", "-p", "-t", "=claude-o-r-4:", "#{pane_pid}")).StandardOutput.Trim();

        await CliWrap.Cli.Wrap("kill").WithArguments(["-TERM", pane]).ExecuteAsync();

        await Eventually.WaitAsync(async () => (await _host.ListAsync(CancellationToken.None)).Count == 0, "the exited agent's session to leave the listing");
        Assert.True(await _tmux.HasSessionAsync("claude-o-r-4"), "its pane stays readable until it is stopped");
    }

    [Fact]
    public async Task The_agent_TMUX_names_its_own_session_socket()
    {
        var file = _root.Combine("tmux-variable");
        await _host.StartAsync(new SessionLaunch("claude-o-r-3", _root.Path, ["sh", "-c", $"printf %s \"$TMUX\" > '{file}'; exec sleep 60"], new Dictionary<string, string>()), CancellationToken.None);

        await Eventually.WaitAsync(() => File.Exists(file) && File.ReadAllText(file).Length > 0, "the agent's $TMUX");
        Assert.StartsWith(_tmux.SocketPath("claude-o-r-3") + ",", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_with_a_name_too_long_for_a_socket_path_still_works()
    {
        var name = "claude-" + new string('o', 39) + "-" + new string('r', 100) + "-7";
        await StartAsync(name);

        Assert.True(await _host.IsAliveAsync(name, CancellationToken.None));
        Assert.Equal([name], await _host.ListAsync(CancellationToken.None));
        await _host.SendTextAsync(name, "hello", CancellationToken.None);
        await _host.StopAsync(name, CancellationToken.None);
        Assert.Empty(await _host.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_socket_no_server_answers_is_no_session_and_is_removed()
    {
        await StartAsync("claude-o-r-1");
        var stale = StaleSocket("claude-o-r-9");

        Assert.Equal(["claude-o-r-1"], await _host.ListAsync(CancellationToken.None));
        Assert.False(File.Exists(stale));
        Assert.False(File.Exists(stale + ".lock"));
    }

    [Fact]
    public async Task A_socket_whose_server_tmux_is_starting_is_left_alone()
    {
        var socket = StaleSocket("claude-o-r-9");
        // tmux's own start lock, as a client holds it while its new server binds the socket.
        await using var starting = new FileStream(socket + ".lock", FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);

        Assert.Empty(await _host.ListAsync(CancellationToken.None));
        Assert.True(File.Exists(socket));
    }

    private Task StartAsync(string name) =>
        _host.StartAsync(new SessionLaunch(name, _root.Path, ["sleep", "60"], new Dictionary<string, string>()), CancellationToken.None);

    /// <summary>
    /// A socket file nothing listens on, as a crashed server leaves one (bound and never listening: .NET removes the
    /// file of a socket it closes).
    /// </summary>
    private string StaleSocket(string name)
    {
        Directory.CreateDirectory(_tmux.SocketsDirectory);
        var path = _tmux.SocketPath(name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _staleSockets.Add(socket);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        Assert.True(File.Exists(path));
        return path;
    }
}
