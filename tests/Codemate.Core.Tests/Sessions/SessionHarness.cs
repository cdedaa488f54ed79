using CliWrap;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Replicas;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

/// <summary>The real supervisor, tmux host and SQLite store, a private tmux server and the scripted agent, all in one temp directory.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private readonly List<SessionSupervisor> _supervisors = [];
    private readonly Dictionary<SessionSupervisor, SessionEventLog> _events = [];

    private SessionHarness(TimeSpan pollInterval)
    {
        Temp = new TempDirectory("cm-sess");
        Tmux = new TmuxTestServer(Temp.Path);
        LogDirectory = Temp.Combine("agent-logs");
        CodemateOptions = new CodemateOptions { WorkspacesRoot = Temp.Combine("workspaces"), InsecureSkipSignature = true };
        AgentOptions = new AgentOptions
        {
            Agent = AgentProfileNames.Command,
            Command = ScriptedAgent.CommandLine(LogDirectory),
            TmuxSocketPath = Tmux.SocketsDirectory,
            StatusPollInterval = pollInterval,
            Sandbox = SandboxModes.None,
        };
        Store = new SqliteStateStore(Options.Create(CodemateOptions), TimeProvider.System);
        Host = new TmuxSessionHost(Options.Create(AgentOptions), AgentEnvironment.AllowListOnly);
        Paths = new SessionPaths(Options.Create(CodemateOptions));
        Supervisor = NewSupervisor();
    }

    public TempDirectory Temp { get; }

    public TmuxTestServer Tmux { get; }

    public string LogDirectory { get; }

    public CodemateOptions CodemateOptions { get; }

    public AgentOptions AgentOptions { get; }

    public SqliteStateStore Store { get; }

    public TmuxSessionHost Host { get; }

    public SessionPaths Paths { get; }

    public SessionSupervisor Supervisor { get; }

    /// <summary>What <see cref="Supervisor"/> published on its event channel.</summary>
    public SessionEventLog Events => EventsOf(Supervisor);

    public static async Task<SessionHarness> CreateAsync(TimeSpan? pollInterval = null)
    {
        var harness = new SessionHarness(pollInterval ?? TimeSpan.FromSeconds(5));
        await harness.Store.InitializeAsync(CancellationToken.None);
        return harness;
    }

    public SessionSupervisor NewSupervisor(TimeProvider? time = null, IAgentProfile? agentProfile = null, IIssueOwnership? ownership = null)
    {
        var options = Options.Create(AgentOptions);
        var profile = agentProfile ?? new ConfiguredAgentProfile(
            options,
            new ClaudeCodeProfile(options, Options.Create(CodemateOptions), new ClaudeModelSettings(new ConfigurationBuilder().Build())),
            new CommandAgentProfile(options));
        var channel = new SessionEventChannel();
        var supervisor = NewSupervisor(Host, Store, profile, Paths, options, time ?? TimeProvider.System, channel, ownership);
        _supervisors.Add(supervisor);
        _events[supervisor] = new SessionEventLog(channel);
        return supervisor;
    }

    /// <summary>What <paramref name="supervisor"/> (made by <see cref="NewSupervisor"/>) published on its event channel.</summary>
    public SessionEventLog EventsOf(SessionSupervisor supervisor) => _events[supervisor];

    /// <summary>A git repository for the issue's workspace and the context to start its agent.</summary>
    public async Task<SessionContext> ContextAsync(IssueKey issue)
    {
        var workspace = Temp.Combine("workspaces", issue.Repository.Owner, issue.Repository.Name, $"issue-{issue.Number}");
        Directory.CreateDirectory(workspace);
        await Cli.Wrap("git").WithArguments(["init", "-q", "-b", issue.Branch, workspace]).ExecuteBufferedAsync();
        return new SessionContext(issue, workspace, issue.Branch, $"https://github.com/{issue.Repository.FullName}/pull/99");
    }

    /// <summary>Starts the scripted agent for <paramref name="issue"/> and returns its log.</summary>
    public async Task<ScriptedAgentLog> StartAsync(IssueKey issue, SessionSupervisor? supervisor = null)
    {
        await (supervisor ?? Supervisor).StartSessionAsync(await ContextAsync(issue), CancellationToken.None);
        return Log(issue);
    }

    public ScriptedAgentLog Log(IssueKey issue) => new(LogDirectory, SessionNames.For(issue));

    public static IssueKey Issue(string owner, string repo, int number) => new(RepositoryName.Create(owner, repo), number);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Tmux.DisposeAsync();
        }
        finally
        {
            foreach (var supervisor in _supervisors)
            {
                supervisor.Dispose();
                await _events[supervisor].DisposeAsync();
            }

            Store.Dispose();
            Temp.Dispose();
        }
    }

    /// <summary>A supervisor as the container makes it, with what the tests leave at its default: no agent git credentials, no sandbox, one replica unless <paramref name="ownership"/> says otherwise.</summary>
    internal static SessionSupervisor NewSupervisor(ISessionHost host, IStateStore store, IAgentProfile profile, SessionPaths paths, IOptions<AgentOptions> options, TimeProvider time, SessionEventChannel events, IIssueOwnership? ownership = null) =>
        new(host, store, profile, paths, options, time, NullLogger<SessionSupervisor>.Instance, events, AgentGitCredentials.Disabled(paths), SecretRedactor.PatternsAndEnvironment,
            new AgentSandbox(options, paths.CodemateOptions, Options.Create(new Codemate.GitHub.GitHubOptions())),
            Codemate.Diagnostics.CodemateMetrics.Standalone(), ownership ?? SoleReplica.Instance);
}
