using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codemate.Testing.World;

/// <summary>
/// Everything an end-to-end test needs around Codemate: the GitHub double (REST + git) with one repository whose
/// collaborators alice and bob may write, a private tmux server, and the scripted agent as the configured agent.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    public const string Writer = "alice";
    public const string OtherWriter = "bob";
    public const string Reader = "rita";

    /// <summary>The App id after <see cref="UseGitHubApp"/>.</summary>
    public const long AppId = 4242;

    /// <summary>The installation the tests' App payloads name.</summary>
    public const long InstallationId = 77;

    private TestWorld(TempDirectory root, GitHubDouble.GitHubDouble github, TmuxTestServer tmux, string owner, string name)
    {
        Root = root;
        GitHub = github;
        Tmux = tmux;
        Repository = RepositoryName.Create(owner, name);
        AgentLogs = root.Combine("agent-logs");
        Directory.CreateDirectory(AgentLogs);
    }

    public TempDirectory Root { get; }

    public GitHubDouble.GitHubDouble GitHub { get; }

    public TmuxTestServer Tmux { get; }

    public RepositoryName Repository { get; }

    public DoubleRepository Remote => GitHub.Repository(Repository.Owner, Repository.Name);

    public string AgentLogs { get; }

    public string WorkspacesRoot => Root.Combine("workspaces");

    public static async Task<TestWorld> CreateAsync(string owner = "octo", string name = "app")
    {
        var root = new TempDirectory("cm-world");
        var github = await GitHubDouble.GitHubDouble.StartAsync(root.Combine("github"));
        await github.CreateRepositoryAsync(owner, name, new Dictionary<string, string> { ["README.md"] = "# app\n" });
        var repository = github.AddRepository(owner, name);
        repository.SetPermission(Writer, "write");
        repository.SetPermission(OtherWriter, "admin");
        repository.SetPermission(Reader, "read");
        github.AcceptGitToken(TestSettings.Token);
        return new TestWorld(root, github, new TmuxTestServer(root.Path), owner, name);
    }

    /// <summary>Configuration for a Codemate that talks to this world only.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = TestSettings.Minimal(WorkspacesRoot, GitHub);
        settings[EnvironmentVariables.StatePath] = Root.Combine("state", "codemate.db");
        settings[EnvironmentVariables.TmuxSocketPath] = Tmux.SocketsDirectory;
        settings[EnvironmentVariables.AgentCommand] = ScriptedAgent.CommandLine(AgentLogs);
        if (AppKey is not null)
        {
            settings.Remove(EnvironmentVariables.GitHubToken);
            settings[EnvironmentVariables.GitHubAppId] = AppId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[EnvironmentVariables.GitHubAppPrivateKey] = AppKey.Pkcs1PrivateKeyEscaped;
            // An App serves only listed repositories unless told otherwise.
            settings[EnvironmentVariables.AllowedRepositories] = Repository.FullName;
        }

        return settings;
    }

    /// <summary>The GitHub App key once <see cref="UseGitHubApp"/> was called; then Codemate authenticates as the App.</summary>
    public GitHubAppKeyPair? AppKey { get; private set; }

    /// <summary>Makes the double a GitHub App (<see cref="AppId"/>) and Codemate authenticate as it instead of with a PAT.</summary>
    public void UseGitHubApp(GitHubAppKeyPair key)
    {
        AppKey = key;
        GitHub.ConfigureApp(AppId, key.PublicKeyPem);
    }

    public IssueKey Issue(int number) => new(Repository, number);

    public ScriptedAgentLog AgentLog(int issue) => new(AgentLogs, SessionNames.For(Issue(issue)));

    /// <summary>Starts Codemate against this world; <paramref name="services"/> can swap services, e.g. a <c>FakeTimeProvider</c> as <see cref="TimeProvider"/>.</summary>
    public Task<CodemateTestHost> StartHostAsync(Action<Dictionary<string, string?>>? adjust = null, Action<IServiceCollection>? services = null, ILoggerProvider? logger = null)
    {
        var settings = Settings();
        adjust?.Invoke(settings);
        return CodemateTestHost.StartAsync(settings, services: services, logger: logger);
    }

    /// <summary>The comments Codemate itself wrote on the issue (it writes as <see cref="TestSettings.Login"/>).</summary>
    public IReadOnlyList<DoubleComment> CodemateComments(int issue) =>
        Remote.Comments.Where(c => c.IssueNumber == issue && c.Author == TestSettings.Login).ToList();

    /// <summary>Waits until Codemate's only comment on the issue satisfies <paramref name="condition"/>; fails if it ever wrote two.</summary>
    public async Task<DoubleComment> WaitForStatusAsync(int issue, Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var comments = CodemateComments(issue);
            if (comments.Count > 1)
            {
                throw new InvalidOperationException($"Codemate wrote {comments.Count} comments on #{issue}, not one living status comment:\n" + string.Join("\n---\n", comments.Select(c => c.Body)));
            }

            if (comments is [var only] && condition(only.Body))
            {
                return only;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The status comment on #{issue} did not show {what}. It says:\n{(comments is [var last] ? last.Body : "(no comment)")}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until a commit matching <paramref name="match"/> is on the double's <paramref name="branch"/> (which may not exist yet) and returns it.</summary>
    public async Task<GitCommitRecord> WaitForBranchCommitAsync(string branch, Func<GitCommitRecord, bool> match, string what)
    {
        GitCommitRecord? found = null;
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    found = (await GitHub.GetCommitsAsync(Repository.Owner, Repository.Name, branch)).FirstOrDefault(match);
                    return found is not null;
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    return false; // the branch does not exist yet
                }
            },
            $"{what} on {branch}");
        return found!;
    }

    /// <summary>Starts the real <c>codemate serve</c> process against this world; every start uses the same state database.</summary>
    public Task<ServeProcess> ServeAsync(Action<Dictionary<string, string?>>? adjust = null)
    {
        var settings = Settings();
        adjust?.Invoke(settings);
        return ServeProcess.StartAsync(settings, Root.Path);
    }

    /// <summary>The sessions on this world's tmux servers (none when no server runs).</summary>
    public Task<IReadOnlyList<string>> TmuxSessionsAsync() => Tmux.SessionNamesAsync();

    public Task<bool> IsTmuxSessionAliveAsync(int issue) => Tmux.HasSessionAsync(SessionNames.For(Issue(issue)));

    public async ValueTask DisposeAsync()
    {
        await Tmux.DisposeAsync();
        await GitHub.DisposeAsync();
        Root.Dispose();
    }
}
