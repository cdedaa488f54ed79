using Codemate.Testing.AnthropicDouble;

namespace Codemate.Cli.Tests.Agents;

/// <summary>The Anthropic double against the real Claude Code (the pinned release), in print mode.</summary>
public sealed class AnthropicDoubleTests
{
    [Fact]
    public async Task Claude_prints_the_scripted_text_reply()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var run = new ClaudeCodePrintRun();
        api.Enqueue(ScriptedTurn.Reply("Hello from the scripted model."));

        var (exitCode, result, error) = await run.RunAsync(api, "Say hello");

        Assert.True(exitCode == 0, $"claude exited {exitCode}: {error}");
        Assert.Equal("Hello from the scripted model.", (string?)result?["result"]);
        Assert.Equal(0, api.PendingTurns);
    }

    [Fact]
    public async Task Claude_runs_a_scripted_bash_call_and_sends_its_result_before_the_final_reply()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var run = new ClaudeCodePrintRun();
        api.Enqueue(ScriptedTurn.Bash("printf 'made by claude' > made.txt && echo wrote-it", "Create made.txt"), ScriptedTurn.Reply("The file is there."));

        var (exitCode, result, error) = await run.RunAsync(api, "Create the file", "--allowedTools", "Bash");

        Assert.True(exitCode == 0, $"claude exited {exitCode}: {error}");
        Assert.Equal("made by claude", await File.ReadAllTextAsync(Path.Combine(run.WorkingDirectory, "made.txt")));
        Assert.Equal("The file is there.", (string?)result?["result"]);
        var followUp = await api.WaitForRequestAsync(
            r => r.Kind == AnthropicRequestKind.MainConversation && r.UserMessages.Any(m => m.ToolResults.Count > 0), "the request carrying the tool result");
        var toolResult = Assert.Single(followUp.UserMessages[^1].ToolResults);
        Assert.Contains("wrote-it", toolResult.Content, StringComparison.Ordinal);
        Assert.False(toolResult.IsError);
        Assert.True(followUp.UserMessages[^1].IsToolResultOnly);
        Assert.Equal(2, api.MainConversationRequests.Count);
    }

    [Fact]
    public async Task The_prompt_is_the_main_conversations_user_message_and_side_requests_leave_the_script_alone()
    {
        await using var api = await AnthropicDouble.StartAsync();
        using var run = new ClaudeCodePrintRun();
        api.Enqueue(ScriptedTurn.Reply("Scripted answer."));
        using var http = new HttpClient { BaseAddress = api.BaseAddress };

        // The session-title request Claude Code 2.1.332 sends in interactive mode (print mode with
        // CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC sends none), replayed before the real run.
        using var title = await AnthropicHttp.PostMessagesAsync(http, AnthropicHttp.SessionTitleRequest("Count the issues"));
        var titleEvents = await AnthropicHttp.ReadEventsAsync(title);
        var (exitCode, result, error) = await run.RunAsync(api, "Count the open issues");

        Assert.DoesNotContain(titleEvents, e => e.Data.ToJsonString().Contains("Scripted answer.", StringComparison.Ordinal));
        Assert.True(exitCode == 0, $"claude exited {exitCode}: {error}");
        Assert.Equal("Scripted answer.", (string?)result?["result"]);
        var arrived = await api.WaitForUserTextAsync("Count the open issues");
        Assert.Equal("Count the open issues", Assert.Single(arrived.UserMessages).Text);
        Assert.Equal("Count the open issues", Assert.Single(api.MainConversationUserMessages).Text);
        Assert.Equal(
            [AnthropicRequestKind.SideRequest, AnthropicRequestKind.MainConversation],
            api.Requests.Select(r => r.Kind));
        Assert.All(api.Requests, r => Assert.Equal("/v1/messages?beta=true", r.PathAndQuery));
        Assert.StartsWith("claude-cli/2.1.332", arrived.Headers["user-agent"], StringComparison.Ordinal);
        Assert.All(api.Requests, r => Assert.True(r.HadApiKey));
        Assert.DoesNotContain(api.Requests, r => r.Headers.Values.Any(v => v.Contains(AnthropicDouble.TestApiKey, StringComparison.Ordinal)));
    }
}
