using Codemate.Doctor;
using Codemate.Configuration;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Codemate.Cli.Tests;

/// <summary>
/// <c>codemate doctor</c>'s checks of the Claude Code agent. A fake <c>claude</c> on PATH prints a version where the
/// real binary is not what is tested.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string?> _env;

    public DoctorTests()
    {
        _env = new(TestSettings.Minimal(_root));
        _env.Remove(EnvironmentVariables.AgentCommand);
        // The default: each agent in bubblewrap.
        _env.Remove(EnvironmentVariables.Sandbox);
        // GitHub is unreachable in these tests; retry it quickly.
        _env["Codemate__GitHub__RetryDelay"] = "00:00:00.010";
        // Without one doctor warns; these tests count the agent's warnings only.
        _env[EnvironmentVariables.AllowedRepositories] = "octo/app";
    }

    public void Dispose() => _root.Dispose();

    private string Workspaces => _env[EnvironmentVariables.WorkspacesRoot]!;

    [Fact]
    public async Task Doctor_reports_the_tested_Claude_Code_release_a_set_API_key_and_a_writable_agent_directory()
    {
        FakeClaude($"echo '{ClaudeCodeProfile.TestedVersion} (Claude Code)'");
        _env["ANTHROPIC_API_KEY"] = "sk-ant-test-key-not-printed";

        var output = await DoctorAsync();

        Assert.Contains($"ok   Claude Code version: {ClaudeCodeProfile.TestedVersion} (Claude Code)", output, StringComparison.Ordinal);
        Assert.Contains("ok   model credentials: ANTHROPIC_API_KEY is set", output, StringComparison.Ordinal);
        Assert.Contains($"ok   agent directory: {Path.Combine(Workspaces, ".codemate", "agents")} is writable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test-key-not-printed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WARN", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(Workspaces, ".codemate", "agents")));
    }

    [Fact]
    public async Task Doctor_warns_without_failing_when_Claude_Code_is_another_release()
    {
        FakeClaude("echo '2.0.1 (Claude Code)'");
        _env["ANTHROPIC_AUTH_TOKEN"] = "gateway-token";

        var output = await DoctorAsync();

        Assert.Contains(
            $"WARN Claude Code version: 2.0.1 (Claude Code); Codemate is tested with {ClaudeCodeProfile.TestedVersion}: install that release (npm install -g @anthropic-ai/claude-code@{ClaudeCodeProfile.TestedVersion}).",
            output,
            StringComparison.Ordinal);
        Assert.Contains("ok   model credentials: ANTHROPIC_AUTH_TOKEN is set", output, StringComparison.Ordinal);
        var failures = output.Split('\n').Count(line => line.StartsWith("FAIL ", StringComparison.Ordinal));
        Assert.Contains($"{failures} check(s) failed. 1 warning(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_names_the_fix_for_a_broken_claude_a_missing_model_credential_and_an_unwritable_agent_directory()
    {
        var claude = FakeClaude("echo 'no config' >&2; exit 3");
        var agents = Path.Combine(Workspaces, ".codemate", "agents");
        Directory.CreateDirectory(Path.GetDirectoryName(agents)!);
        await File.WriteAllTextAsync(agents, "a file where the directory should be");

        var output = await DoctorAsync();

        Assert.Contains($"FAIL Claude Code version: '{claude} --version' failed with exit code 3 (no config): reinstall Claude Code (npm install -g @anthropic-ai/claude-code@{ClaudeCodeProfile.TestedVersion}).", output, StringComparison.Ordinal);
        Assert.Contains("FAIL model credentials: Claude Code has no model credential: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, or CLAUDE_CODE_OAUTH_TOKEN", output, StringComparison.Ordinal);
        Assert.Contains($"FAIL agent directory: {agents} is not writable (", output, StringComparison.Ordinal);
        Assert.Contains("set WORKSPACES_ROOT to a directory Codemate's user can write.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_that_Claude_Code_will_not_run_as_root_and_warns_when_agents_are_unsandboxed()
    {
        FakeClaude($"echo '{ClaudeCodeProfile.TestedVersion} (Claude Code)'");
        _env[EnvironmentVariables.Sandbox] = "none";

        var output = await DoctorAsync();

        Assert.Contains("WARN agent sandbox: CODEMATE_SANDBOX=none: agents run unsandboxed", output, StringComparison.Ordinal);

        // CI runs the tests as root; the check's verdicts for both users are proven below against the seam.
        Assert.Contains(Environment.IsPrivilegedProcess ? $"FAIL agent user: {AgentUserCheck.RootRefusal}" : "ok   agent user: not root", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_proves_the_default_sandbox_starts_and_that_its_agent_is_not_root()
    {
        FakeClaude($"echo '{ClaudeCodeProfile.TestedVersion} (Claude Code)'");

        var output = await DoctorAsync();

        Assert.Contains("ok   agent sandbox: bubblewrap", output, StringComparison.Ordinal);
        Assert.Contains("ok   agent user: not root", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reads_the_version_of_the_pinned_Claude_Code_release()
    {
        var installed = Environment.GetEnvironmentVariable("CODEMATE_TEST_CLAUDE") is { Length: > 0 } configured
            ? configured
            : SourceTree.File(".cache", "claude-code", "node_modules", ".bin", "claude");
        Assert.True(File.Exists(installed), $"Claude Code is not installed at {installed}: run tools/install-claude-code.sh (CI does).");
        var bin = _root.Combine("real-bin");
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, "claude"), Path.GetFullPath(installed));
        _env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");

        var output = await DoctorAsync();

        Assert.Contains($"ok   Claude Code version: {ClaudeCodeProfile.TestedVersion} (Claude Code)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agent_that_runs_as_a_normal_user_passes()
    {
        Assert.Equal(DoctorResult.Ok("not root"), AgentChecks.AgentUser(Services(root: false, command: null)));
    }

    [Fact]
    public void Claude_Code_that_would_run_as_root_fails_saying_to_run_Codemate_as_a_normal_user()
    {
        var failure = Assert.Throws<DoctorFailure>(() => AgentChecks.AgentUser(Services(root: true, command: null)));

        Assert.Equal(AgentUserCheck.RootRefusal, failure.Message);
    }

    [Fact]
    public void A_command_agent_that_would_run_as_root_is_a_warning()
    {
        var result = AgentChecks.AgentUser(Services(root: true, command: "my-agent"));

        Assert.Equal(DoctorOutcome.Warning, result.Outcome);
        Assert.Contains("run Codemate as a normal (non-root) user", result.Text, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(bool root, string? command)
    {
        var user = Substitute.For<IAgentUser>();
        user.RunsAsRoot.Returns(root);
        var services = new ServiceCollection();
        services.AddSingleton(user);
        services.AddOptions<AgentOptions>().Configure(o => o.Command = command);
        return services.BuildServiceProvider();
    }

    /// <summary>Puts a <c>claude</c> running <paramref name="script"/> first on the doctor's PATH; returns its path.</summary>
    private string FakeClaude(string script)
    {
        var bin = _root.Combine("bin");
        Directory.CreateDirectory(bin);
        var claude = Path.Combine(bin, "claude");
        File.WriteAllText(claude, $"#!/bin/sh\n{script}\n");
        File.SetUnixFileMode(claude, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _env["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        return claude;
    }

    private async Task<string> DoctorAsync() => (await new CodemateCli(_root.Path, _env).RunAsync("doctor")).StandardOutput;
}
