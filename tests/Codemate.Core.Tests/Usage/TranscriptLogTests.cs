using System.Text.Json.Nodes;
using Codemate.Sessions;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Usage;

namespace Codemate.Core.Tests.Usage;

public sealed class TranscriptLogTests : IDisposable
{
    private readonly TempDirectory _agent = new("transcript-log");
    private readonly string _transcript;

    public TranscriptLogTests() =>
        _transcript = Path.Combine(Directory.CreateDirectory(Path.Combine(_agent.Path, "claude", "projects", "-w")).FullName, "session.jsonl");

    [Fact]
    public void Each_read_adds_what_was_appended_and_only_the_last_turns_are_kept_while_the_totals_count_all()
    {
        var log = new TranscriptLog(_agent.Path, SecretRedactor.PatternsAndEnvironment, maxTurns: 1);
        File.AppendAllLines(_transcript, [TranscriptLines.User("First."), Bash("msg_1", "toolu_1", "ls")]);

        var first = log.Read();
        File.AppendAllLines(_transcript, [TranscriptLines.ToolResult("toolu_1", "a b"), TranscriptLines.User("Second."), Bash("msg_2", "toolu_2", "make"), Bash("msg_2", "toolu_2", "make")]);
        var second = log.Read();

        Assert.Equal("First.", Assert.Single(first.Turns).Prompt);
        var kept = Assert.Single(second.Turns);
        Assert.Equal("Second.", kept.Prompt);
        Assert.Equal([new ToolCall("Bash", "make")], kept.ToolCalls);
        Assert.Equal(2, second.TotalTurns);
        Assert.Equal(2, second.TotalToolCalls);
    }

    [Fact]
    public void Prompts_and_commands_are_one_shortened_line_without_secrets_or_control_characters()
    {
        File.AppendAllLines(_transcript, [
            TranscriptLines.User("Use ghp_abcdefghijklmnopqrstuvwxyz0123456789 \u001b[31mnow\nsecond line"),
            Bash("msg_1", "toolu_1", new string('x', 500)),
        ]);

        var turn = Assert.Single(TranscriptLog.ReadAll(_agent.Path, SecretRedactor.PatternsAndEnvironment).Turns);

        Assert.Equal("Use [redacted]  [31mnow…", turn.Prompt);
        Assert.Equal(new string('x', 200) + "…", Assert.Single(turn.ToolCalls).Detail);
    }

    [Fact]
    public void An_agent_without_transcripts_has_an_empty_summary()
    {
        var summary = TranscriptLog.ReadAll(Path.Combine(_agent.Path, "missing"), SecretRedactor.PatternsAndEnvironment);

        Assert.Empty(summary.Turns);
        Assert.Equal(0, summary.TotalToolCalls);
    }

    private static string Bash(string messageId, string id, string command) =>
        TranscriptLines.ToolUse(messageId, id, "Bash", new JsonObject { ["command"] = command });

    public void Dispose() => _agent.Dispose();
}
