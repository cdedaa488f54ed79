using Codemate.Testing;
using Codemate.Testing.AnthropicDouble;
using Codemate.Testing.CommandLine;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #18: the real Claude Code (the pinned release, from npm) driven by the real <c>codemate serve</c> on a
/// fresh HOME, its model the Anthropic double: the first issue just works, and a start that fails says so.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class RealClaudeCodeTests : IAsyncLifetime
{
    private ClaudeCodeWorld _world = null!;

    public async Task InitializeAsync() => _world = await ClaudeCodeWorld.CreateAsync("real");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public Task In_its_sandbox_Claude_Code_gets_the_issue_its_commits_are_pushed_and_a_follow_up_comment_is_its_next_prompt() => _world.ExplainingFailuresAsync(async () =>
    {
        _world.Model.Enqueue(
            ScriptedTurn.Bash("printf 'hello\\n' > HELLO.md && git add HELLO.md && git commit -q -m 'Add HELLO.md'"),
            ScriptedTurn.Reply("I added HELLO.md."));
        await _world.ServeAsync(sandboxed: true);

        await _world.OpenIssueAsync(1, "Say hello", "Please add a HELLO.md file with a greeting.");

        var task = await _world.Model.WaitForUserTextAsync("Please add a HELLO.md file with a greeting.", TimeSpan.FromSeconds(90));
        Assert.Contains(task.UserMessages, m => m.Text.Contains("Say hello", StringComparison.Ordinal));
        await _world.WaitForPushedCommitAsync(1, "Add HELLO.md");
        var health = await _world.Server.GetHealthAsync();
        Assert.Equal("claude-octo-real-1", health.GetProperty("active_sessions").GetProperty("octo/real#1").GetProperty("session_name").GetString());

        _world.Model.Enqueue(
            ScriptedTurn.Bash("printf 'and more\\n' >> HELLO.md && git commit -q -am 'Extend HELLO.md'"),
            ScriptedTurn.Reply("Extended."));
        await _world.CommentAsync(1, "Add a second line too.", 201);

        var followUp = await _world.Model.WaitForUserTextAsync("Add a second line too.", TimeSpan.FromSeconds(90));
        Assert.Contains(followUp.UserMessages, m => m.Text.Contains("Say hello", StringComparison.Ordinal));
        await _world.WaitForPushedCommitAsync(1, "Extend HELLO.md");
        var status = await _world.World.WaitForStatusAsync(1, b => b.Contains("Commits pushed: 2", StringComparison.Ordinal), "both commits", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("Failed", status.Body, StringComparison.Ordinal);

        // What Claude Code wrote to its transcript is what the model reported: each answer counted once.
        var used = _world.Model.MainConversationUsage;
        var expected = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"Model usage: {used.InputTokens:N0} input · {used.OutputTokens:N0} output · {used.CacheCreationInputTokens:N0} cache write · {used.CacheReadInputTokens:N0} cache read tokens · about $");
        await _world.World.WaitForStatusAsync(1, b => b.Contains(expected, StringComparison.Ordinal), "the model usage", TimeSpan.FromSeconds(60));
        var metrics = await _world.Server.Client.GetStringAsync("/metrics");
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model=\"claude-opus-5-5\",type=\"output\"}} {used.OutputTokens}"), metrics, StringComparison.Ordinal);

        // The operator's view of the same transcript: each turn with the commands Claude Code ran.
        var logs = await new CodemateCli(_world.World.Root.Path, _world.ServerSettings).RunAsync("logs", "octo/real#1");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("  Bash: printf 'hello\\n' > HELLO.md && git add HELLO.md && git commit -q -m 'Add HELLO.md'", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  Bash: printf 'and more\\n' >> HELLO.md && git commit -q -am 'Extend HELLO.md'", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(expected, logs.StandardOutput, StringComparison.Ordinal);
    });

    [Fact]
    public Task The_token_budget_stops_Claude_Code_after_the_turn_that_crossed_it() => _world.ExplainingFailuresAsync(async () =>
    {
        _world.Model.Enqueue(ScriptedTurn.Reply("Looked at it."));
        await _world.ServeAsync(sandboxed: true, s => s[Codemate.Configuration.EnvironmentVariables.MaxSessionTokens] = "1");

        await _world.OpenIssueAsync(3, "Look", "Please look at the code.");
        await _world.Model.WaitForUserTextAsync("Please look at the code.", TimeSpan.FromSeconds(90));

        var stopped = await _world.World.WaitForStatusAsync(3, b => b.Contains("Stopped", StringComparison.Ordinal), "the token budget to stop the agent", TimeSpan.FromSeconds(120));
        var used = _world.Model.MainConversationUsage;
        var total = used.InputTokens + used.OutputTokens + used.CacheCreationInputTokens + used.CacheReadInputTokens;
        Assert.Contains(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the session used {total:N0} tokens, reaching its budget of 1 (CODEMATE_MAX_SESSION_TOKENS)"),
            stopped.Body,
            StringComparison.Ordinal);
    });

    [Fact]
    public Task Unsandboxed_as_a_normal_user_a_start_against_a_broken_API_URL_is_a_failed_start_with_the_screen_never_done() => _world.ExplainingFailuresAsync(async () =>
    {
        await _world.ServeAsync(sandboxed: false, s => s["ANTHROPIC_BASE_URL"] = new Uri(_world.Model.BaseAddress, "/no-such-api").ToString());

        await _world.OpenIssueAsync(2, "Say hello", "Please add a HELLO.md file.");

        var status = await _world.World.WaitForStatusAsync(2, b => b.Contains("Failed", StringComparison.Ordinal), "a failed start", TimeSpan.FromSeconds(120));
        Assert.Contains("first turn ended in an error", status.Body, StringComparison.Ordinal);
        Assert.Contains("The last lines of the agent's screen", status.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(AnthropicDouble.TestApiKey, status.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Done", status.Body, StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => !(await _world.Server.GetHealthAsync()).GetProperty("active_sessions").TryGetProperty("octo/real#2", out _), "the session to leave /health");
    });
}
