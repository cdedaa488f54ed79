using CliWrap;
using CliWrap.Buffered;
using Codemate.Sessions;

namespace Codemate.Testing.Agents;

/// <summary>
/// Codemate's tmux servers for one test, one per session as Codemate runs them: their sockets (<c>tmux -S</c>) live in
/// <see cref="SocketsDirectory"/>, a temporary directory, so a test never touches the user's tmux; disposing kills
/// every server and with it every session the test left running.
/// </summary>
public sealed class TmuxTestServer : IAsyncDisposable
{
    public TmuxTestServer(string directory) => SocketsDirectory = Path.Combine(directory, "tmux");

    /// <summary>The directory to give Codemate as <c>CODEMATE_TMUX_SOCKET_PATH</c>.</summary>
    public string SocketsDirectory { get; }

    /// <summary>The socket of the server that runs <paramref name="sessionName"/>.</summary>
    public string SocketPath(string sessionName) => TmuxSockets.PathFor(SocketsDirectory, sessionName);

    /// <summary>
    /// Runs a tmux command against <paramref name="sessionName"/>'s server, for what the code under test must not do
    /// itself (killing a session behind its back).
    /// </summary>
    public Task<BufferedCommandResult> RunOnAsync(string sessionName, params string[] arguments) => RunAsync(SocketPath(sessionName), arguments);

    /// <summary>Ends <paramref name="sessionName"/> behind Codemate's back, as a crash would; its server exits with it.</summary>
    public Task<BufferedCommandResult> KillSessionAsync(string sessionName) => RunOnAsync(sessionName, "kill-session", "-t", "=" + sessionName);

    /// <summary>Whether <paramref name="sessionName"/> exists on its server (its agent may have exited).</summary>
    public async Task<bool> HasSessionAsync(string sessionName) => (await RunOnAsync(sessionName, "has-session", "-t", "=" + sessionName)).ExitCode == 0;

    /// <summary>The sessions of every server that runs (none when none does).</summary>
    public async Task<IReadOnlyList<string>> SessionNamesAsync()
    {
        var names = new List<string>();
        foreach (var socket in Sockets())
        {
            var result = await RunAsync(socket, ["list-sessions", "-F", "#{session_name}"]);
            if (result.ExitCode == 0)
            {
                names.AddRange(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return names;
    }

    /// <summary>The process ids of the servers that run.</summary>
    public async Task<IReadOnlyList<int>> ServerProcessIdsAsync()
    {
        var ids = new List<int>();
        foreach (var socket in Sockets())
        {
            var result = await RunAsync(socket, ["display-message", "-p", "#{pid}"]);
            if (result.ExitCode == 0 && int.TryParse(result.StandardOutput.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in Sockets())
        {
            await RunAsync(socket, ["kill-server"]);
        }
    }

    private IEnumerable<string> Sockets() =>
        Directory.Exists(SocketsDirectory) ? Directory.GetFiles(SocketsDirectory).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)) : [];

    private static async Task<BufferedCommandResult> RunAsync(string socket, string[] arguments) =>
        await Cli.Wrap("tmux")
            .WithArguments(args => args.Add("-S").Add(socket).Add(arguments))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
}
