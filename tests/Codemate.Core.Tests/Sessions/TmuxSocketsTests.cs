using System.Text;
using Codemate.Sessions;
using Codemate.Testing;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

/// <summary>Where each session's tmux server listens: a private directory, one socket per session, within the path limit.</summary>
public sealed class TmuxSocketsTests
{
    [Fact]
    public void Without_a_path_the_sockets_live_beside_tmux_L_sockets_in_a_directory_named_for_CODEMATE_TMUX_SOCKET()
    {
        var directory = TmuxSockets.DirectoryFor(new AgentOptions { TmuxSocket = "my-app" });

        Assert.Matches(@"/tmux-\d+/my-app\.d$", directory);
        Assert.Equal(Path.Combine(directory, "claude-octo-shop-7"), TmuxSockets.PathFor(directory, "claude-octo-shop-7"));
    }

    [Fact]
    public void A_session_name_too_long_for_a_socket_path_is_shortened_the_same_way_every_time()
    {
        var directory = "/tmp/" + new string('d', 40);
        var name = "claude-" + new string('o', 39) + "-" + new string('r', 100) + "-12345";
        var other = "claude-" + new string('o', 39) + "-" + new string('r', 100) + "-12346";

        var socket = TmuxSockets.PathFor(directory, name);

        Assert.True(Encoding.UTF8.GetByteCount(socket) <= TmuxSockets.MaxPathBytes, socket);
        Assert.Equal(socket, TmuxSockets.PathFor(directory, name));
        Assert.NotEqual(socket, TmuxSockets.PathFor(directory, other));
        Assert.StartsWith(directory + "/claude-ooo", socket, StringComparison.Ordinal);
        Assert.DoesNotContain('.', Path.GetFileName(socket));
    }

    [Fact]
    public void A_sockets_directory_too_long_for_any_socket_is_refused_at_start_naming_the_variable()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { TmuxSocketPath = "/tmp/" + new string('d', 80) });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("CODEMATE_TMUX_SOCKET_PATH", StringComparison.Ordinal) && f.Contains("107 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void A_socket_name_with_a_slash_is_refused_at_start()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { TmuxSocket = "../elsewhere" });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("CODEMATE_TMUX_SOCKET", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_directory_is_created_private_to_Codemate_user()
    {
        using var root = new TempDirectory("cm-socks");
        var sockets = new TmuxSockets(Options.Create(new AgentOptions { TmuxSocketPath = root.Combine("a", "tmux") }));

        var directory = sockets.EnsureDirectory();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root.Combine("a")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_directory_others_can_enter_or_a_link_is_refused_with_what_to_do()
    {
        using var root = new TempDirectory("cm-socks");
        var open = Directory.CreateDirectory(root.Combine("open")).FullName;
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite);
        var link = root.Combine("link");
        File.CreateSymbolicLink(link, Directory.CreateDirectory(root.Combine("private")).FullName);

        var openFailure = Assert.Throws<CodemateException>(() => new TmuxSockets(Options.Create(new AgentOptions { TmuxSocketPath = open })).EnsureDirectory());
        var linkFailure = Assert.Throws<CodemateException>(() => new TmuxSockets(Options.Create(new AgentOptions { TmuxSocketPath = link })).EnsureDirectory());

        Assert.Contains("open to group or others", openFailure.Message, StringComparison.Ordinal);
        Assert.Contains("CODEMATE_TMUX_SOCKET_PATH", openFailure.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", linkFailure.Message, StringComparison.Ordinal);
    }
}
