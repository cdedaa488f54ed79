using System.Reflection;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Workspaces;
using NSubstitute;

namespace Codemate.Core.Tests.Workspaces;

public sealed class WorkspaceSafetyTests
{
    [Fact]
    public async Task A_workspace_shares_no_object_file_with_the_mirror_so_its_agent_cannot_rewrite_the_mirror()
    {
        await using var h = await WorkspaceHarness.StartAsync();

        var cold = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Manager.SparesSettledAsync();
        var warm = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);

        foreach (var workspace in new[] { cold.Path, warm.Path })
        {
            var shared = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(
                CliWrap.Cli.Wrap("find").WithArguments([Path.Combine(workspace, ".git", "objects"), "-type", "f", "-links", "+1"]));
            Assert.Equal(string.Empty, shared.StandardOutput.Trim());
        }
    }

    [Fact]
    public async Task The_token_never_reaches_git_config_argv_or_logs()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        h.Api.FindOpenPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs((PullRequestInfo?)null);
        h.Api.CreateDraftPullRequestAsync(default, default!, default, default).ReturnsForAnyArgs(new PullRequestInfo(12, "https://example.invalid/pull/12", true));

        var first = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None);
        await h.Preparer.EnsureDraftPullRequestAsync(WorkspaceHarness.Issue(1), WorkspaceHarness.Details(), first, null, CancellationToken.None);
        var second = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(2), null, CancellationToken.None);

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("x-access-token:" + h.Token));
        var secrets = new[] { h.Token, basic };
        var configs = new[] { Path.Combine(h.MirrorPath, "config"), Path.Combine(first.Path, ".git", "config"), Path.Combine(second.Path, ".git", "config") };
        foreach (var secret in secrets)
        {
            foreach (var config in configs)
            {
                Assert.DoesNotContain(secret, File.ReadAllText(config), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(h.Runner.AllArguments, a => a.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(h.Runner.Commands, c => c.Configuration.Any(e => e.Value.Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(h.Logs.GetSnapshot(), r => r.Message.Contains(secret, StringComparison.Ordinal));
        }

        Assert.NotEmpty(h.Logs.GetSnapshot());
        Assert.All(h.GitHub.GitCalls, call => Assert.Equal("Basic " + basic, call.Authorization));
        Assert.Contains(h.GitHub.GitCalls, c => c.PathAndQuery.EndsWith("/git-receive-pack", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cloning_with_a_bad_token_fails_clearly_without_the_token_and_a_retry_succeeds()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        h.CurrentToken = "ghs_revoked0123456789";

        var error = await Assert.ThrowsAsync<GitCommandException>(() => h.Manager.PrepareAsync(WorkspaceHarness.Issue(4), null, CancellationToken.None));

        Assert.IsAssignableFrom<CodemateException>(error);
        Assert.StartsWith("git clone --bare", error.Command, StringComparison.Ordinal);
        Assert.NotEqual(0, error.ExitCode);
        Assert.NotEmpty(error.StandardError);
        Assert.Contains("clone", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.CurrentToken, error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(h.MirrorPath));
        Assert.False(Directory.Exists(Path.Combine(h.Root, "octo", "widgets", "issue-4")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(h.MirrorPath)!));

        h.CurrentToken = h.Token;
        var workspace = await h.Manager.PrepareAsync(WorkspaceHarness.Issue(4), null, CancellationToken.None);
        Assert.Equal("issue-4", workspace.Branch);
    }

    [Fact]
    public async Task A_repository_that_is_gone_fails_with_a_git_error()
    {
        await using var h = await WorkspaceHarness.StartAsync(createRepository: false);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None));

        Assert.Contains("not found", error.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(h.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", "repo")]
    [InlineData("owner", "..")]
    [InlineData(".", "repo")]
    [InlineData("owner", "a/b")]
    [InlineData("owner", "a\\b")]
    [InlineData("/etc", "repo")]
    [InlineData("owner", "/tmp/x")]
    [InlineData("own\ner", "repo")]
    [InlineData("owner", "re\0po")]
    [InlineData("", "repo")]
    [InlineData(null, "repo")]
    [InlineData("owner", " repo")]
    public void Names_that_could_leave_the_root_are_refused(string? owner, string name)
    {
        using var temp = new Codemate.Testing.TempDirectory();

        Assert.False(WorkspacePaths.TryResolve(temp.Path, owner, name, 1, out _, out var error));
        Assert.NotEmpty(error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Ordinary_names_resolve_under_the_root()
    {
        using var temp = new Codemate.Testing.TempDirectory();

        Assert.True(WorkspacePaths.TryResolve(temp.Path + "/", "octo", "my.repo_-x", 12, out var paths, out _));

        Assert.Equal(Path.Combine(temp.Path, "octo", "my.repo_-x", "issue-12"), paths.Workspace);
        Assert.Equal(Path.Combine(temp.Path, ".mirrors", "octo", "my.repo_-x.git"), paths.Mirror);
    }

    [Fact]
    public async Task A_traversing_repository_name_is_refused_with_a_log_line_and_nothing_is_created()
    {
        await using var h = await WorkspaceHarness.StartAsync(createRepository: false);
        var before = Directory.GetFileSystemEntries(h.Temp.Path);
        var evil = (RepositoryName)typeof(RepositoryName)
            .GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, [typeof(string), typeof(string)])!
            .Invoke(["..", ".."]);

        var error = await Assert.ThrowsAsync<WorkspaceException>(() => h.Manager.PrepareAsync(new IssueKey(evil, 1), null, CancellationToken.None));

        Assert.Contains("Refusing", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(h.Temp.Path));
        Assert.False(Directory.Exists(h.Root));
        Assert.Empty(h.Runner.Commands);
        Assert.Contains(h.Logs.GetSnapshot(), r => r.Id.Id == 4101);
        await h.Credentials.DidNotReceiveWithAnyArgs().GetTokenAsync(default, default);
    }

    [Fact]
    public async Task A_symbolic_link_below_the_root_cannot_carry_a_workspace_elsewhere()
    {
        await using var h = await WorkspaceHarness.StartAsync();
        var outside = h.Temp.Combine("outside");
        Directory.CreateDirectory(outside);
        Directory.CreateDirectory(h.Root);
        Directory.CreateSymbolicLink(Path.Combine(h.Root, "octo"), outside);

        var error = await Assert.ThrowsAsync<WorkspaceException>(() => h.Manager.PrepareAsync(WorkspaceHarness.Issue(1), null, CancellationToken.None));

        Assert.Contains("would not stay under", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public void Scrubbing_removes_the_token_and_its_basic_credential()
    {
        const string token = "ghs_secretvalue";
        var basic = GitEnvironment.BasicCredential(token);

        var scrubbed = CliGitRunner.Scrub($"fatal: header Authorization: Basic {basic} for {token}", [basic, token]);

        Assert.Equal("fatal: header Authorization: Basic *** for ***", scrubbed);
    }

    [Fact]
    public void The_agent_environment_carries_the_token_only_as_an_extra_header()
    {
        var environment = GitEnvironment.ForToken(new Uri("https://github.example.com"), "ghs_abc");

        Assert.Equal("0", environment["GIT_TERMINAL_PROMPT"]);
        Assert.Equal("1", environment["GIT_CONFIG_COUNT"]);
        Assert.Equal("http.https://github.example.com/.extraHeader", environment["GIT_CONFIG_KEY_0"]);
        Assert.Equal("Authorization: Basic " + Convert.ToBase64String("x-access-token:ghs_abc"u8.ToArray()), environment["GIT_CONFIG_VALUE_0"]);
    }

    [Fact]
    public void A_token_prints_redacted()
    {
        var token = new GitHubToken("ghs_abc", DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain("ghs_abc", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_abc", new GitCredentials(new Uri("https://github.com"), token).ToString(), StringComparison.Ordinal);
    }
}
