using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.AnthropicDouble;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// A <see cref="TestWorld"/> served by the real <c>codemate serve</c> with the real, pinned Claude Code as its agent,
/// talking to the Anthropic double on 127.0.0.1 (proxies point at a dead loopback port, so nothing else is reached).
/// With its agents in the sandbox (the default) the server runs as the tests' own user, root in CI, and each agent
/// as an unprivileged user inside bubblewrap; unsandboxed, the server itself runs as an unprivileged user when the
/// tests run as root (<see cref="AgentUser"/>). Either way with a fresh HOME, so the first start is a new operator's.
/// </summary>
public sealed class ClaudeCodeWorld : IAsyncDisposable
{
    private readonly TmuxTestServer _tmux;

    private ClaudeCodeWorld(TestWorld world, AnthropicDouble model, TempDirectory serverFiles, TmuxTestServer tmux)
    {
        World = world;
        Model = model;
        ServerFiles = serverFiles;
        _tmux = tmux;
    }

    public TestWorld World { get; }

    public AnthropicDouble Model { get; }

    /// <summary>Everything the server writes: its HOME, workspaces, state and tmux socket (owned by the server's user).</summary>
    public TempDirectory ServerFiles { get; }

    public ServeProcess Server { get; private set; } = null!;

    /// <summary>The server's settings, for an operator command run beside it.</summary>
    public IReadOnlyDictionary<string, string?> ServerSettings { get; private set; } = new Dictionary<string, string?>();

    public static async Task<ClaudeCodeWorld> CreateAsync(string repository)
    {
        var world = await TestWorld.CreateAsync("octo", repository);
        var model = await AnthropicDouble.StartAsync();
        var files = new TempDirectory("cm-claude-e2e");
        return new ClaudeCodeWorld(world, model, files, new TmuxTestServer(files.Combine("tmux")));
    }

    /// <summary>Starts the server; <paramref name="adjust"/> changes its settings (the API URL, say).</summary>
    public async Task<ServeProcess> ServeAsync(bool sandboxed, Action<Dictionary<string, string?>>? adjust = null)
    {
        await AgentUser.GiveAsync(ServerFiles.Path);
        foreach (var directory in new[] { "home", "workspaces", "tmux", "tmp" })
        {
            await AgentUser.GiveAsync(ServerFiles.Combine(directory));
        }

        var claude = await AgentUser.ReachableAsync(ClaudeCodeBinary.Path);
        var settings = World.Settings();
        settings.Remove(EnvironmentVariables.AgentCommand);
        settings[EnvironmentVariables.Agent] = "claude";
        settings[EnvironmentVariables.Sandbox] = sandboxed ? "bwrap" : "none";
        settings[EnvironmentVariables.WorkspacesRoot] = ServerFiles.Combine("workspaces");
        settings[EnvironmentVariables.StatePath] = ServerFiles.Combine("workspaces", ".codemate", "state.db");
        settings[EnvironmentVariables.TmuxSocketPath] = _tmux.SocketsDirectory;
        foreach (var (name, value) in Model.ClaudeCodeEnvironment(ServerFiles.Combine("home"), configDirectory: string.Empty, ServerFiles.Combine("tmp")))
        {
            settings[name] = value;
        }

        // Codemate gives every session its own configuration directory; the server itself has none.
        settings["CLAUDE_CONFIG_DIR"] = null;
        settings["PATH"] = Path.GetDirectoryName(claude) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        adjust?.Invoke(settings);
        var dll = Path.Combine(await AgentUser.ReachableAsync(Path.GetDirectoryName(CodemateCli.DllPath)!), Path.GetFileName(CodemateCli.DllPath));
        ServerSettings = settings;
        Server = await ServeProcess.StartAsync(settings, World.Root.Path, dll, runAs: sandboxed ? null : AgentUser.ServeAs);
        return Server;
    }

    public async Task OpenIssueAsync(int number, string title, string body)
    {
        World.Remote.OpenIssue(number, title, body, TestWorld.Writer);
        using var response = await Server.Webhooks().SendAsync("issues", WebhookPayloads.IssuesEvent("opened", World.Repository.Owner, World.Repository.Name, number, title, body, TestWorld.Writer));
        response.EnsureSuccessStatusCode();
    }

    public async Task CommentAsync(int number, string text, long commentId)
    {
        using var response = await Server.Webhooks().SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", World.Repository.Owner, World.Repository.Name, number, text, TestWorld.OtherWriter, commentId: commentId));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits until the issue's branch on the double has a commit with <paramref name="subject"/>.</summary>
    public Task WaitForPushedCommitAsync(int issue, string subject) =>
        Eventually.WaitAsync(
            async () => await World.GitHub.GetBranchAsync(World.Repository.Owner, World.Repository.Name, $"issue-{issue}") is not null
                && (await World.GitHub.GetCommitsAsync(World.Repository.Owner, World.Repository.Name, $"issue-{issue}")).Any(c => c.Subject == subject),
            $"the commit '{subject}' on issue-{issue}",
            TimeSpan.FromSeconds(90));

    /// <summary>
    /// Runs <paramref name="test"/>; when it fails, the failure also shows what the server logged, what the agents'
    /// screens show and what reached the model: the real Claude Code is otherwise a black box in CI.
    /// </summary>
    public async Task ExplainingFailuresAsync(Func<Task> test)
    {
        try
        {
            await test();
        }
        catch (Exception failure)
        {
            var screens = new System.Text.StringBuilder();
            foreach (var session in await _tmux.SessionNamesAsync())
            {
                var pane = await _tmux.RunOnAsync(session, "capture-pane", "-p", "-J", "-S", "-50", "-t", $"={session}:");
                screens.Append("--- screen of ").Append(session).Append(" ---\n").Append(pane.StandardOutput.TrimEnd()).Append('\n');
            }

            var requests = string.Join('\n', Model.Requests.Select(r => $"{r.Method} {r.PathAndQuery} {r.Kind}"));
            throw new InvalidOperationException(
                $"{failure.Message}\n--- server output ---\n{Server?.Output}\n{screens}--- model requests ---\n{requests}",
                failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Server is not null)
            {
                await Server.DisposeAsync();
            }

            await _tmux.DisposeAsync();
            await Model.DisposeAsync();
            await World.DisposeAsync();
        }
        finally
        {
            ServerFiles.Dispose();
        }
    }
}
