using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.Sessions;

public sealed class ClaudeCodeProfileTests : IDisposable
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("o", "r"), 7);
    private readonly TempDirectory _temp = new("cm-claude");
    private readonly Dictionary<string, string?> _model = new() { ["ANTHROPIC_API_KEY"] = "sk-ant-test-0123456789abcdefghijklmnopqrstuvwxyz" };

    [Fact]
    public async Task Claude_runs_unattended_in_the_workspace_with_Codemate_settings_and_the_system_prompt()
    {
        var promptFile = _temp.Combine("prompt.md");
        await File.WriteAllTextAsync(promptFile, "Be excellent;");
        var (profile, context) = Create(new AgentOptions { SystemPromptFile = promptFile });

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        var settings = Path.Combine(context.AgentDirectory, "settings.json");
        Assert.Equal(["claude", "--dangerously-skip-permissions", "--settings", settings, "--append-system-prompt", "Be excellent;\n\n" + UntrustedTextFence.Explanation], launch.Command);
        Assert.Equal(context.Session.Workspace, launch.WorkingDirectory);
        Assert.Equal(context.SessionName, launch.SessionName);
        Assert.Equal(context.StatusFile, launch.Environment["CODEMATE_STATUS_FILE"]);
        Assert.Equal("o/r#7", launch.Environment["CODEMATE_ISSUE"]);
        Assert.Equal("issue-7", launch.Environment["CODEMATE_BRANCH"]);
        Assert.Equal(context.Session.Workspace, launch.Environment["CODEMATE_WORKSPACE"]);
        Assert.Equal("claude-o-r-7", launch.Environment["CODEMATE_SESSION_NAME"]);
    }

    [Fact]
    public async Task Claude_keeps_its_state_in_the_session_own_config_directory_and_never_updates_itself()
    {
        var (profile, context) = Create(new AgentOptions());

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        var config = Path.Combine(context.AgentDirectory, "claude");
        Assert.Equal(config, launch.Environment["CLAUDE_CONFIG_DIR"]);
        Assert.True(File.Exists(Path.Combine(config, ".claude.json")));
        Assert.Equal("1", launch.Environment["DISABLE_AUTOUPDATER"]);
        Assert.Equal("1", launch.Environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"]);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(context.AgentDirectory, "settings.json")));
        Assert.Equal("1", json.RootElement.GetProperty("env").GetProperty("DISABLE_AUTOUPDATER").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("env").GetProperty("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC").GetString());
    }

    [Fact]
    public async Task The_settings_file_lies_outside_the_worktree_and_reports_busy_and_idle_through_hooks()
    {
        var (profile, context) = Create(new AgentOptions());

        await profile.CreateLaunchAsync(context, CancellationToken.None);

        var settings = Path.Combine(context.AgentDirectory, "settings.json");
        Assert.False(Path.GetFullPath(settings).StartsWith(Path.GetFullPath(context.Session.Workspace) + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(context.Session.Workspace));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(settings));
        var hooks = json.RootElement.GetProperty("hooks");
        Assert.Equal("printf busy > \"$CODEMATE_STATUS_FILE\"", Command(hooks, "UserPromptSubmit"));
        Assert.Equal("printf idle > \"$CODEMATE_STATUS_FILE\"", Command(hooks, "Stop"));
        Assert.Equal("printf idle > \"$CODEMATE_STATUS_FILE\"", Command(hooks, "SessionStart"));
        Assert.Equal("printf error > \"$CODEMATE_STATUS_FILE\"", Command(hooks, "StopFailure"));
        Assert.True(json.RootElement.GetProperty("skipDangerousModePermissionPrompt").GetBoolean());
    }

    [Fact]
    public async Task The_API_key_is_approved_and_the_API_URL_handed_to_the_agent_but_no_credential_goes_into_its_arguments()
    {
        _model["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9/anthropic";
        var (profile, context) = Create(new AgentOptions());

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        Assert.Equal("http://127.0.0.1:9/anthropic", launch.Environment["ANTHROPIC_BASE_URL"]);
        Assert.DoesNotContain(launch.Environment.Values, v => v.Contains("sk-ant-test", StringComparison.Ordinal));
        Assert.DoesNotContain(launch.Command, a => a.Contains("sk-ant-test", StringComparison.Ordinal));
        var state = await File.ReadAllTextAsync(Path.Combine(context.AgentDirectory, "claude", ".claude.json"));
        Assert.Contains("\"ghijklmnopqrstuvwxyz\"", state, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ANTHROPIC_AUTH_TOKEN")]
    [InlineData("CLAUDE_CODE_OAUTH_TOKEN")]
    public async Task Any_of_Claude_Code_credentials_will_do(string variable)
    {
        _model.Remove("ANTHROPIC_API_KEY");
        _model[variable] = "a-credential-value";
        var (profile, context) = Create(new AgentOptions());

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        Assert.Equal("claude", launch.Command[0]);
    }

    [Fact]
    public async Task An_API_key_helper_is_a_credential_and_becomes_the_session_apiKeyHelper()
    {
        _model.Remove("ANTHROPIC_API_KEY");
        _model["CODEMATE_CLAUDE_API_KEY_HELPER"] = "/usr/local/bin/print-anthropic-key";
        var (profile, context) = Create(new AgentOptions());

        await profile.CreateLaunchAsync(context, CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(context.AgentDirectory, "settings.json")));
        Assert.Equal("/usr/local/bin/print-anthropic-key", json.RootElement.GetProperty("apiKeyHelper").GetString());
    }

    [Fact]
    public async Task Without_a_model_credential_the_agent_is_not_started_and_the_error_names_the_variable()
    {
        _model.Remove("ANTHROPIC_API_KEY");
        var (profile, context) = Create(new AgentOptions());

        var error = await Assert.ThrowsAsync<CodemateException>(() => profile.CreateLaunchAsync(context, CancellationToken.None));

        Assert.Contains("ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(context.AgentDirectory));
    }

    [Fact]
    public void The_built_in_prompt_names_the_issue_the_branch_and_the_pull_request()
    {
        var (_, context) = Create(new AgentOptions());

        var prompt = ClaudeCodeProfile.BuiltInSystemPrompt(context.Session);

        Assert.Contains("`issue-7`", prompt, StringComparison.Ordinal);
        Assert.Contains("https://github.com/o/r/pull/9", prompt, StringComparison.Ordinal);
        Assert.Contains("o/r#7", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_file_in_the_workspaces_root_is_found_without_configuration()
    {
        var (profile, context) = Create(new AgentOptions());
        Directory.CreateDirectory(_temp.Combine("root", ".codemate"));
        await File.WriteAllTextAsync(_temp.Combine("root", ".codemate", "system-prompt.md"), "from the root");

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        Assert.StartsWith("from the root\n\n", launch.Command[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_prompt_always_explains_that_quoted_GitHub_text_is_data_from_the_named_person()
    {
        var (profile, context) = Create(new AgentOptions());

        var launch = await profile.CreateLaunchAsync(context, CancellationToken.None);

        Assert.StartsWith("You are an autonomous software engineer", launch.Command[^1], StringComparison.Ordinal);
        Assert.EndsWith("\n\n" + UntrustedTextFence.Explanation, launch.Command[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_file_too_long_to_pass_with_the_note_is_an_error_naming_SYSTEM_PROMPT_FILE()
    {
        var promptFile = _temp.Combine("long.md");
        await File.WriteAllTextAsync(promptFile, new string('x', (12 * 1024) - 10));
        var (profile, context) = Create(new AgentOptions { SystemPromptFile = promptFile });

        var error = await Assert.ThrowsAsync<CodemateException>(() => profile.CreateLaunchAsync(context, CancellationToken.None));

        Assert.Contains("SYSTEM_PROMPT_FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_prompt_file_is_an_error_naming_SYSTEM_PROMPT_FILE()
    {
        var (profile, context) = Create(new AgentOptions { SystemPromptFile = _temp.Combine("nope.md") });

        var error = await Assert.ThrowsAsync<CodemateException>(() => profile.CreateLaunchAsync(context, CancellationToken.None));

        Assert.Contains("SYSTEM_PROMPT_FILE", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static string? Command(JsonElement hooks, string hookEvent) =>
        hooks.GetProperty(hookEvent)[0].GetProperty("hooks")[0].GetProperty("command").GetString();

    private (ClaudeCodeProfile Profile, AgentLaunchContext Context) Create(AgentOptions agent)
    {
        var codemate = new CodemateOptions { WorkspacesRoot = _temp.Combine("root") };
        var paths = new SessionPaths(Options.Create(codemate));
        var workspace = _temp.Combine("root", "o", "r", "issue-7");
        Directory.CreateDirectory(workspace);
        var session = new SessionContext(Issue, workspace, Issue.Branch, "https://github.com/o/r/pull/9");
        var context = new AgentLaunchContext(session, session.SessionName, paths.StatusFile(session.SessionName), paths.AgentDirectory(session.SessionName));
        var model = new ClaudeModelSettings(new ConfigurationBuilder().AddInMemoryCollection(_model).Build());
        return (new ClaudeCodeProfile(Options.Create(agent), Options.Create(codemate), model), context);
    }
}
