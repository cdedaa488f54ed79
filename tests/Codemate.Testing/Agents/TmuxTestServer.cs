using CliWrap;
using CliWrap.Buffered;

namespace Codemate.Testing.Agents;

/// <summary>
/// A private tmux server for one test: its socket (<c>tmux -S</c>) lives in a temporary directory, so a test never
/// touches the user's tmux; disposing kills the server and with it every session the test left running.
/// </summary>
public sealed class TmuxTestServer : IAsyncDisposable
{
    public TmuxTestServer(string directory) => SocketPath = System.IO.Path.Combine(directory, "tmux.sock");

    public string SocketPath { get; }

    /// <summary>Runs a tmux command against this server, for what the code under test must not do itself (killing a session behind its back).</summary>
    public async Task<BufferedCommandResult> RunAsync(params string[] arguments) =>
        await Cli.Wrap("tmux")
            .WithArguments(args => args.Add("-S").Add(SocketPath).Add(arguments))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(SocketPath))
        {
            await RunAsync("kill-server");
        }
    }
}
