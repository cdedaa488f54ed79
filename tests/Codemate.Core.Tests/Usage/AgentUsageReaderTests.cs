using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Usage;

namespace Codemate.Core.Tests.Usage;

public sealed class AgentUsageReaderTests : IDisposable
{
    private readonly TempDirectory _agent = new("agent-usage");
    private readonly string _transcript;

    public AgentUsageReaderTests()
    {
        var project = Directory.CreateDirectory(_agent.Combine("claude", "projects", "-work-issue-3")).FullName;
        _transcript = Path.Combine(project, "6b916942-9a5d-4ded-b2fc-fd72c3d344e8.jsonl");
    }

    [Fact]
    public void Each_answer_counts_once_though_Claude_Code_writes_it_once_per_content_block()
    {
        Append(_transcript, TranscriptLines.User("Fix it"), TranscriptLines.Assistant("msg_1", 1231, 12, 2462, 8620), TranscriptLines.Assistant("msg_1", 1231, 12, 2462, 8620));
        Append(_transcript, TranscriptLines.User("tool result"), TranscriptLines.Assistant("msg_2", 1237, 2, 2474, 8661));

        var usage = new AgentUsageReader(_agent.Path).Read();

        Assert.Equal(new TokenCounts(2468, 14, 4936, 17281), Assert.Single(usage, u => u.Key == "claude-opus-5-5").Value);
    }

    [Fact]
    public void Reading_again_adds_only_what_was_appended_and_a_line_still_being_written_waits()
    {
        var reader = new AgentUsageReader(_agent.Path);
        Append(_transcript, TranscriptLines.Assistant("msg_1", 10, 1, 0, 0));
        Assert.Equal(10, reader.Read()["claude-opus-5-5"].InputTokens);

        var second = TranscriptLines.Assistant("msg_2", 20, 2, 0, 0);
        File.AppendAllText(_transcript, second[..40]);
        Assert.Equal(10, reader.Read()["claude-opus-5-5"].InputTokens);

        File.AppendAllText(_transcript, second[40..] + "\n");
        Assert.Equal(new TokenCounts(30, 3, 0, 0), reader.Read()["claude-opus-5-5"]);
        Assert.Equal(new TokenCounts(30, 3, 0, 0), reader.Read()["claude-opus-5-5"]);
    }

    [Fact]
    public void Subagent_transcripts_and_several_models_are_counted_by_model()
    {
        Append(_transcript, TranscriptLines.Assistant("msg_1", 100, 10, 0, 0));
        var subagent = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(_transcript)!, "6b916942", "subagents")).FullName;
        Append(Path.Combine(subagent, "agent-1.jsonl"), TranscriptLines.Assistant("msg_9", 5, 1, 0, 0, model: "claude-haiku-4-5"));

        var usage = new AgentUsageReader(_agent.Path).Read();

        Assert.Equal(100, usage["claude-opus-5-5"].InputTokens);
        Assert.Equal(5, usage["claude-haiku-4-5"].InputTokens);
    }

    [Fact]
    public void A_command_agent_reports_through_its_usage_file_and_unreadable_lines_are_skipped()
    {
        var file = AgentUsageReader.UsageFile(_agent.Path);
        Append(
            file,
            """{"model":"gpt-x","input_tokens":100,"output_tokens":7}""",
            "not json",
            """{"model":"gpt-x","input_tokens":-5,"output_tokens":7}""",
            """{"model":"gpt-x","input_tokens":"many"}""",
            """{"input_tokens":1,"output_tokens":1,"cache_creation_input_tokens":2,"cache_read_input_tokens":3}""");
        var reader = new AgentUsageReader(_agent.Path);

        var usage = reader.Read();
        Append(file, """{"model":"gpt-x","input_tokens":1,"output_tokens":1}""");

        Assert.Equal(new TokenCounts(100, 7, 0, 0), usage["gpt-x"]);
        Assert.Equal(new TokenCounts(1, 1, 2, 3), usage["unknown"]);
        Assert.Equal(new TokenCounts(101, 8, 0, 0), reader.Read()["gpt-x"]);
    }

    [Fact]
    public void A_usage_file_replaced_by_a_shorter_one_counts_only_what_the_new_one_says()
    {
        var file = AgentUsageReader.UsageFile(_agent.Path);
        Append(file, """{"model":"m","input_tokens":1000,"output_tokens":1000}""", """{"model":"m","input_tokens":1000,"output_tokens":1000}""");
        var reader = new AgentUsageReader(_agent.Path);
        Assert.Equal(2000, reader.Read()["m"].InputTokens);

        File.WriteAllText(file, """{"model":"m","input_tokens":5,"output_tokens":5}""" + "\n");

        Assert.Equal(new TokenCounts(5, 5, 0, 0), reader.Read()["m"]);
    }

    [Fact]
    public void A_transcript_that_is_a_link_to_another_file_is_not_read()
    {
        var elsewhere = _agent.Combine("elsewhere.jsonl");
        Append(elsewhere, TranscriptLines.Assistant("msg_1", 100, 10, 0, 0));
        File.CreateSymbolicLink(_transcript, elsewhere);

        Assert.Empty(new AgentUsageReader(_agent.Path).Read());
    }

    public void Dispose() => _agent.Dispose();

    private static void Append(string path, params string[] lines) => File.AppendAllLines(path, lines);
}
