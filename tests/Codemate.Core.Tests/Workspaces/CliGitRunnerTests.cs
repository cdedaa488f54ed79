using Codemate.GitHub;
using Codemate.Testing;
using Codemate.Testing.Git;
using Codemate.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Workspaces;

public sealed class CliGitRunnerTests
{
    private readonly CliGitRunner _runner = new(Options.Create(new WorkspaceOptions()), Codemate.Diagnostics.CodemateMetrics.Standalone(), NullLogger<CliGitRunner>.Instance);

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
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions { GitPath = temp.Combine("no-git-here") }), Codemate.Diagnostics.CodemateMetrics.Standalone(), NullLogger<CliGitRunner>.Instance);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => runner.RunAsync(new GitCommand(temp.Path, ["status"]), CancellationToken.None));

        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hooks_and_an_fsmonitor_the_repository_configures_never_run()
    {
        using var temp = new TempDirectory();
        var repository = temp.Combine("repo");
        var markers = temp.Combine("markers");
        Directory.CreateDirectory(markers);
        await TestGit.RunAsync(temp.Path, ["init", "--quiet", repository]);
        await TestGit.RunAsync(repository, ["commit", "--quiet", "--allow-empty", "-m", "start"]);
        var hooks = temp.Combine("agent-hooks");
        foreach (var directory in new[] { Path.Combine(repository, ".git", "hooks"), hooks })
        {
            HostileRepository.WriteHooks(directory, markers);
        }

        await TestGit.RunAsync(repository, ["config", "core.hooksPath", hooks]);
        await TestGit.RunAsync(repository, ["config", "core.fsmonitor", HostileRepository.Marker(markers, "fsmonitor") + "; false"]);
        var identity = new KeyValuePair<string, string>[] { new("user.name", "codemate"), new("user.email", "codemate@example.invalid") };

        await _runner.RunAsync(new GitCommand(repository, ["commit", "--quiet", "--allow-empty", "-m", "more"]) { Configuration = identity }, CancellationToken.None);
        await _runner.RunAsync(new GitCommand(repository, ["switch", "--quiet", "--create", "other"]), CancellationToken.None);
        await _runner.RunAsync(new GitCommand(repository, ["status", "--porcelain"]), CancellationToken.None);
        await _runner.RunAsync(new GitCommand(repository, ["update-ref", "refs/heads/third", "HEAD"]), CancellationToken.None);

        Assert.Empty(Directory.GetFiles(markers));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Git_sees_none_of_the_servers_own_variables_and_its_tls_settings_only_when_it_talks_to_GitHub()
    {
        using var temp = new TempDirectory();
        var script = temp.Combine("git");
        File.WriteAllText(script, "#!/bin/sh\nenv\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions { GitPath = script }), Codemate.Diagnostics.CodemateMetrics.Standalone(), NullLogger<CliGitRunner>.Instance);
        var secret = "CODEMATE_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secret, "s3cret");
        // Read by git alone, and only over HTTPS, which no test uses: harmless to tests running beside this one.
        Environment.SetEnvironmentVariable("GIT_SSL_CAPATH", "/etc/codemate-test-certificates");
        try
        {
            var local = (await runner.RunAsync(new GitCommand(temp.Path, ["env"]), CancellationToken.None)).StandardOutput;
            var credentials = new GitCredentials(new Uri("https://git.example.com"), new GitHubToken("ghs_x", null));
            var network = (await runner.RunAsync(new GitCommand(temp.Path, ["env"]) { Credentials = credentials }, CancellationToken.None)).StandardOutput;

            Assert.DoesNotContain(secret, local, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, network, StringComparison.Ordinal);
            Assert.Contains("PATH=", local, StringComparison.Ordinal);
            Assert.DoesNotContain("GIT_SSL_CAPATH=", local, StringComparison.Ordinal);
            Assert.Contains("GIT_SSL_CAPATH=/etc/codemate-test-certificates", network, StringComparison.Ordinal);
            Assert.Contains("core.hooksPath", local, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(secret, null);
            Environment.SetEnvironmentVariable("GIT_SSL_CAPATH", null);
        }
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Background_work_runs_at_the_lowest_cpu_priority_and_other_work_at_the_callers()
    {
        using var temp = new TempDirectory();
        // A stand-in for git that reports its own nice value: with "wait", once the runner has lowered it (or 10 s on).
        var script = temp.Combine("git");
        File.WriteAllText(script, """
            #!/bin/sh
            if [ "$1" = wait ]; then
              for _ in $(seq 100); do
                [ "$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f17)" = 19 ] && break
                sleep 0.1
              done
            fi
            cat /proc/$$/stat

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var runner = new CliGitRunner(Options.Create(new WorkspaceOptions { GitPath = script }), Codemate.Diagnostics.CodemateMetrics.Standalone(), NullLogger<CliGitRunner>.Instance);

        var background = await runner.RunAsync(new GitCommand(temp.Path, ["wait"]) { Background = true }, CancellationToken.None);
        var foreground = await runner.RunAsync(new GitCommand(temp.Path, ["now"]), CancellationToken.None);

        Assert.Equal(19, Nice(background.StandardOutput));
        Assert.Equal(Nice(File.ReadAllText("/proc/self/stat")), Nice(foreground.StandardOutput));
    }

    /// <summary>Field 19 of /proc/PID/stat; counted after the command name, which may hold spaces.</summary>
    private static int Nice(string stat) =>
        int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
}
