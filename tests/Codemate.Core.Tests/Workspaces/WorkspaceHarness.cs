using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing;
using Codemate.Testing.Git;
using Codemate.Testing.GitHubDouble;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.Core.Tests.Workspaces;

/// <summary>Real git against the GitHub double's git endpoint, with the REST API and credentials substituted.</summary>
internal sealed class WorkspaceHarness : IAsyncDisposable
{
    public const string Owner = "octo";
    public const string Repo = "widgets";

    private WorkspaceHarness(TempDirectory temp, GitHubDouble github, bool spare)
    {
        Temp = temp;
        GitHub = github;
        Root = temp.Combine("workspaces");
        GitHub.AcceptGitToken(Token);
        Credentials.GetTokenAsync(Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(_ => new GitHubToken(CurrentToken, null));
        Api.GetDefaultBranchAsync(Arg.Any<RepositoryName>(), Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns("main");
        var codemate = Options.Create(new CodemateOptions { WorkspacesRoot = Root });
        var gitHubOptions = Options.Create(new GitHubOptions { ServerUrl = github.ServerUrl });
        // Spares are made in the background; tests that count git commands turn them off, the spare tests on.
        var workspaceOptions = Options.Create(new WorkspaceOptions { SpareWorkspace = spare });
        Runner = new RecordingGitRunner(new CliGitRunner(workspaceOptions, Codemate.Diagnostics.CodemateMetrics.Standalone(), new FakeLogger<CliGitRunner>(Logs)));
        Manager = new WorkspaceManager(Runner, Api, Credentials, codemate, gitHubOptions, workspaceOptions, new FakeLogger<WorkspaceManager>(Logs));
        Preparer = new PullRequestPreparer(Runner, Manager, Api, workspaceOptions, new FakeLogger<PullRequestPreparer>(Logs));
        Checkpoint = new WorkspaceCheckpoint(Runner, codemate, workspaceOptions, new FakeLogger<WorkspaceCheckpoint>(Logs));
    }

    public string Token { get; } = "ghs_" + Guid.NewGuid().ToString("N");

    public string CurrentToken { get; set; } = string.Empty;

    public TempDirectory Temp { get; }

    public GitHubDouble GitHub { get; }

    public string Root { get; }

    public IGitHubApi Api { get; } = Substitute.For<IGitHubApi>();

    public IGitHubCredentials Credentials { get; } = Substitute.For<IGitHubCredentials>();

    public FakeLogCollector Logs { get; } = new();

    public RecordingGitRunner Runner { get; }

    public WorkspaceManager Manager { get; }

    public PullRequestPreparer Preparer { get; }

    public WorkspaceCheckpoint Checkpoint { get; }

    public static RepositoryName Repository { get; } = RepositoryName.Create(Owner, Repo);

    public static IssueKey Issue(int number) => new(Repository, number);

    public static IssueDetails Details(string title = "Widgets wobble") =>
        new(title, "They wobble when spun.", "alice", $"https://github.com/{Owner}/{Repo}/issues/1", []);

    public static async Task<WorkspaceHarness> StartAsync(bool createRepository = true, bool spare = false)
    {
        var temp = new TempDirectory("cm-ws");
        var github = await GitHubDouble.StartAsync(temp.Combine("github"));
        var harness = new WorkspaceHarness(temp, github, spare);
        harness.CurrentToken = harness.Token;
        if (createRepository)
        {
            await github.CreateRepositoryAsync(Owner, Repo, new Dictionary<string, string> { ["README.md"] = "# widgets\n", ["src/widget.txt"] = "spin\n" });
        }

        return harness;
    }

    public string MirrorPath => Path.Combine(Root, ".mirrors", Owner, Repo + ".git");

    public Task<string> GitAsync(string directory, params string[] arguments) => TestGit.RunAsync(directory, arguments);

    public string SparePath => Path.Combine(Root, ".mirrors", Owner, Repo + ".spare");

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        await GitHub.DisposeAsync();
        Temp.Dispose();
    }
}
