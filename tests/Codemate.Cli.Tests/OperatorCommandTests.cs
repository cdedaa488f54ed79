using Codemate.Configuration;
using Codemate.Issues;
using System.Text.Json.Nodes;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Codemate.Usage;
using Microsoft.Extensions.Options;

namespace Codemate.Cli.Tests;

public sealed class OperatorCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string?> _env;

    public OperatorCommandTests() => _env = new(TestSettings.Minimal(_root));

    public void Dispose() => _root.Dispose();

    private CodemateCli Cli => new(_root.Path, _env);

    [Fact]
    public async Task Doctor_names_each_failing_check_with_what_to_fix_and_exits_non_zero()
    {
        _env.Remove(EnvironmentVariables.WebhookSecret);
        _env[EnvironmentVariables.AgentCommand] = "definitely-not-an-agent --flag";

        var result = await Cli.RunAsync("doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ok   tmux: tmux 3", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok   git: git version", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FAIL agent command: 'definitely-not-an-agent' from CODEMATE_AGENT_COMMAND is not on PATH", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("FAIL webhook secret: GITHUB_WEBHOOK_SECRET is not set", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ok   workspaces root:", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_the_configured_command_agent_and_not_claude()
    {
        _env[EnvironmentVariables.AgentCommand] = "bash -c 'echo hi'";

        var result = await Cli.RunAsync("doctor");

        Assert.Contains("ok   agent command: 'bash' at", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("claude", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("model credentials", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_reports_an_unwritable_workspaces_root()
    {
        var file = _root.Combine("a-file");
        await File.WriteAllTextAsync(file, "x");
        _env[EnvironmentVariables.WorkspacesRoot] = Path.Combine(file, "workspaces");

        var result = await Cli.RunAsync("doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL workspaces root:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("WORKSPACES_ROOT", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_on_a_fresh_store_prints_an_empty_json_list()
    {
        var result = await Cli.RunAsync("sessions", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[]", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task Sessions_lists_parked_work_below_the_sessions_with_its_reason_and_how_to_run_it_again()
    {
        using (var store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _env[EnvironmentVariables.StatePath], WorkspacesRoot = _root.Path }), TimeProvider.System))
        {
            var pending = await store.TryAcceptAsync("delivery-7", new IssueOpened
            {
                Issue = new IssueKey(RepositoryName.Create("octo", "app"), 7),
                Details = new IssueDetails("t", "b", "alice", string.Empty, []),
                DeliveryId = "delivery-7",
                Sender = new Actor("alice", false),
            }, default);
            await store.ParkWorkAsync(pending!, 6, "tmux failed on every attempt", default);
        }

        var result = await Cli.RunAsync("sessions");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No sessions.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Parked work (1): failed every attempt; `/codemate retry` on the issue runs it again.", result.StandardOutput, StringComparison.Ordinal);
        var row = Assert.Single(result.StandardOutput.Split('\n'), l => l.StartsWith("octo/app#7", StringComparison.Ordinal));
        Assert.Contains("IssueOpened", row, StringComparison.Ordinal);
        Assert.Contains("delivery-7", row, StringComparison.Ordinal);
        Assert.Contains("tmux failed on every attempt", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_runs_an_ignored_event_through_the_pipeline_and_says_why()
    {
        var payload = _root.Combine("edited.json");
        await File.WriteAllTextAsync(payload, Codemate.Testing.Webhooks.WebhookPayloads.IssuesEvent("edited", "o", "r", 1));

        var result = await Cli.RunAsync("receive", "--event", "issues", "--payload", payload);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("200 ignored: Ignored: event 'issues' with action 'edited' is not handled.", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_with_a_missing_payload_file_is_one_clear_error_line()
    {
        var result = await Cli.RunAsync("receive", "--event", "issues", "--payload", "nope.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"codemate: Payload file {_root.Combine("nope.json")} does not exist.", result.StandardError.Trim());
    }

    [Fact]
    public async Task Attach_to_an_issue_without_a_session_says_so()
    {
        var result = await Cli.RunAsync("attach", "octo/app#3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No running session for octo/app#3 (tmux session 'claude-octo-app-3')", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_joins_the_issue_session_on_its_own_tmux_server()
    {
        await using var tmux = new TmuxTestServer(_root.Path);
        _env[EnvironmentVariables.TmuxSocketPath] = tmux.SocketsDirectory;
        new TmuxSockets(Options.Create(new AgentOptions { TmuxSocketPath = tmux.SocketsDirectory })).EnsureDirectory();
        await tmux.RunOnAsync("claude-octo-app-3", "new-session", "-d", "-s", "claude-octo-app-3", "sleep", "60");

        var result = await Cli.RunAsync("attach", "octo/app#3");

        // tmux found the session on that server and only then wanted a terminal, which a test has none of.
        Assert.Contains("open terminal failed: not a terminal", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attach_with_a_malformed_issue_explains_the_format()
    {
        var result = await Cli.RunAsync("attach", "octo/app");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("write it as owner/repo#N", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_lists_the_oldest_session_first_whatever_its_name()
    {
        var older = new IssueKey(RepositoryName.Create("octo", "zeta"), 1);
        var newer = new IssueKey(RepositoryName.Create("octo", "alpha"), 2);
        await SaveSessionAsync(older, new SessionUsage { Tokens = new TokenCounts(1, 1, 0, 0) }, DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await SaveSessionAsync(newer, new SessionUsage { Tokens = new TokenCounts(1, 1, 0, 0) }, DateTimeOffset.Parse("2026-03-01T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var result = await Cli.RunAsync("sessions", "--json");

        Assert.Equal(0, result.ExitCode);
        var issues = JsonNode.Parse(result.StandardOutput)!.AsArray().Select(row => (string?)row!["issue"]).ToList();
        Assert.Equal(["octo/zeta#1", "octo/alpha#2"], issues);
    }

    [Fact]
    public async Task Logs_prints_each_turn_with_the_commands_the_agent_ran_and_its_usage_without_secrets()
    {
        var issue = new IssueKey(RepositoryName.Create("octo", "app"), 9);
        await SaveSessionAsync(issue, new SessionUsage { Tokens = new TokenCounts(1200, 300, 0, 0), EstimatedCostUsd = 0.42m });
        await WriteTranscriptAsync(
            issue,
            TranscriptLines.User("Work on issue octo/app#9: fix the parser.\nThe body follows."),
            TranscriptLines.ToolUse("msg_1", "toolu_1", "Bash", new JsonObject { ["command"] = "dotnet test --filter Parser", ["description"] = "Run the tests" }),
            TranscriptLines.ToolResult("toolu_1", "Passed!"),
            TranscriptLines.ToolUse("msg_2", "toolu_2", "Edit", new JsonObject { ["file_path"] = "/w/src/Parser.cs", ["old_string"] = "a", ["new_string"] = "b" }),
            TranscriptLines.ToolUse("msg_3", "toolu_3", "Bash", new JsonObject { ["command"] = "cat notes" }, sidechain: true),
            TranscriptLines.User("A reviewer says: also handle tabs.", "2026-03-01T11:00:00.000Z"),
            TranscriptLines.ToolUse("msg_4", "toolu_4", "Bash", new JsonObject { ["command"] = "curl -H 'Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789' https://api.github.com" }));

        var result = await Cli.RunAsync("logs", "octo/app#9");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("octo/app#9 · running · tmux session claude-octo-app-9", lines[0]);
        Assert.Equal("Model usage: 1,200 input · 300 output · 0 cache write · 0 cache read tokens · about $0.42", lines[1]);
        Assert.Equal("Turns: 2 · tool calls: 3", lines[2]);
        Assert.Equal(
            [
                "Turn 1 2026-03-01 10:00:00Z: Work on issue octo/app#9: fix the parser.…",
                "  Bash: dotnet test --filter Parser",
                "  Edit: /w/src/Parser.cs",
                string.Empty,
                "Turn 2 2026-03-01 11:00:00Z: A reviewer says: also handle tabs.",
                "  Bash: curl -H 'Authorization: token [redacted]' https://api.github.com",
            ],
            lines[4..10]);
        Assert.DoesNotContain("cat notes", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_as_json_has_the_turns_and_the_usage_of_a_session_with_no_transcript()
    {
        var issue = new IssueKey(RepositoryName.Create("octo", "app"), 10);
        await SaveSessionAsync(issue, new SessionUsage { Tokens = new TokenCounts(5, 1, 0, 0) });

        var result = await Cli.RunAsync("logs", "octo/app#10", "--json");

        Assert.Equal(0, result.ExitCode);
        var log = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal("octo/app#10", (string?)log["issue"]);
        Assert.Equal(5, (long?)log["usage"]!["input_tokens"]);
        Assert.Empty(log["turns"]!.AsArray());
    }

    [Fact]
    public async Task Logs_for_an_issue_without_a_session_says_so()
    {
        var result = await Cli.RunAsync("logs", "octo/app#11");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Codemate has no session for octo/app#11", result.StandardError, StringComparison.Ordinal);
    }

    private CodemateOptions StoreOptions => new() { StatePath = _env[EnvironmentVariables.StatePath], WorkspacesRoot = _env[EnvironmentVariables.WorkspacesRoot] ?? _root.Path };

    private async Task SaveSessionAsync(IssueKey issue, SessionUsage usage, DateTimeOffset createdAt = default)
    {
        using var store = new SqliteStateStore(Options.Create(StoreOptions), TimeProvider.System);
        await store.InitializeAsync(default);
        Assert.True(await store.TryCreateSessionAsync(
            new SessionRecord { Issue = issue, SessionName = SessionNames.For(issue), Branch = issue.Branch, State = SessionState.Running, Usage = usage, CreatedAt = createdAt },
            default));
    }

    private async Task WriteTranscriptAsync(IssueKey issue, params string[] lines)
    {
        var project = Directory.CreateDirectory(Path.Combine(new SessionPaths(Options.Create(StoreOptions)).AgentDirectory(SessionNames.For(issue)), "claude", "projects", "-w")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(project, "session.jsonl"), lines);
    }

    [Theory]
    [InlineData("logs")]
    [InlineData("serve")]
    [InlineData("receive")]
    [InlineData("sessions")]
    [InlineData("doctor")]
    [InlineData("attach")]
    public async Task Every_command_has_help(string command)
    {
        var result = await Cli.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.StandardOutput, StringComparison.Ordinal);
    }
}
