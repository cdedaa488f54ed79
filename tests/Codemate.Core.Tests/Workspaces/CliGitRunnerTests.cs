using Codemate.GitHub;
using Codemate.Testing;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Workspaces;

public sealed class CliGitRunnerTests
{
    private readonly CliGitRunner _runner = new(Options.Create(new WorkspaceOptions()), NullLogger<CliGitRunner>.Instance);

    [Fact]
    public async Task Credentials_reach_git_as_an_extra_header_for_the_server_only_and_are_scrubbed_from_its_output()
    {
        using var temp = new TempDirectory();
        var credentials = new GitCredentials(new Uri("https://git.example.com"), new GitHubToken("ghs_visible_to_git_only", null));

        var forServer = await _runner.RunAsync(
            new GitCommand(temp.Path, ["config", "--get-urlmatch", "http.extraHeader", "https://git.example.com/octo/widgets.git"]) { Credentials = credentials },
            CancellationToken.None);
        var forOtherHost = await _runner.RunAsync(
            new GitCommand(temp.Path, ["config", "--get-urlmatch", "http.extraHeader", "https://elsewhere.example.com/octo/widgets.git"]) { Credentials = credentials, AllowFailure = true },
            CancellationToken.None);

        Assert.Equal("Authorization: Basic ***", forServer.StandardOutput.Trim());
        Assert.False(forOtherHost.Succeeded);
        Assert.Empty(forOtherHost.StandardOutput);
    }

    [Fact]
    public async Task A_failing_command_throws_with_its_command_exit_code_and_standard_error()
    {
        using var temp = new TempDirectory();

        var error = await Assert.ThrowsAsync<GitCommandException>(() => _runner.RunAsync(new GitCommand(temp.Path, ["rev-parse", "--verify", "no-such-ref"]), CancellationToken.None));

        Assert.Equal("git rev-parse --verify no-such-ref", error.Command);
        Assert.Equal(128, error.ExitCode);
        Assert.Contains("fatal", error.StandardError, StringComparison.Ordinal);
        Assert.Contains(error.StandardError.Trim(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_git_executable_is_a_clear_git_error()
    {
        using var temp = new TempDirectory();
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions { GitPath = temp.Combine("no-git-here") }), NullLogger<CliGitRunner>.Instance);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => runner.RunAsync(new GitCommand(temp.Path, ["status"]), CancellationToken.None));

        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
    }
}
