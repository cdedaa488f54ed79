using Codemate.Sessions;

namespace Codemate.Usage;

/// <summary>
/// One session's model usage, read from its agent directory as it grows: Claude Code's transcripts
/// (<c>claude/projects/**/*.jsonl</c> in the session's own <c>CLAUDE_CONFIG_DIR</c>, subagents' included) and the file
/// a <c>command</c> agent writes (<c>CODEMATE_USAGE_FILE</c>). Each read takes only what was appended since the last.
/// Not thread-safe: <see cref="UsageTracker"/> reads each session under its own lock.
/// </summary>
internal sealed class AgentUsageReader(string agentDirectory)
{
    /// <summary>The file a <c>command</c> agent appends its usage to, in its agent directory.</summary>
    public const string UsageFileName = "usage.jsonl";

    private static readonly EnumerationOptions Transcripts = new()
    {
        RecurseSubdirectories = true,
        MaxRecursionDepth = 4,
        IgnoreInaccessible = true,
        // Links are the agent's to point anywhere: only its own files count.
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    private readonly Dictionary<string, JsonLinesTail> _transcripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Model, TokenCounts Tokens)> _answers = new(StringComparer.Ordinal);
    private readonly JsonLinesTail _usageFile = new(Path.Combine(agentDirectory, UsageFileName));
    private readonly Dictionary<string, TokenCounts> _reported = new(StringComparer.Ordinal);

    public static string UsageFile(string agentDirectory) => Path.Combine(agentDirectory, UsageFileName);

    private void AddReported(ReadOnlyMemory<byte> line)
    {
        if (UsageJson.TryReadUsageLine(line, out var model, out var tokens))
        {
            _reported[model] = _reported.GetValueOrDefault(model, TokenCounts.Zero) + tokens;
        }
    }

    /// <summary>The usage so far, by model.</summary>
    public IReadOnlyDictionary<string, TokenCounts> Read()
    {
        var projects = Path.Combine(agentDirectory, ClaudeCodeProfile.ConfigDirectoryName, "projects");
        if (Directory.Exists(projects))
        {
            foreach (var file in Directory.EnumerateFiles(projects, "*.jsonl", Transcripts))
            {
                if (!_transcripts.TryGetValue(file, out var tail))
                {
                    _transcripts[file] = tail = new JsonLinesTail(file);
                }

                // A transcript read again from its start counts each answer once still: answers are keyed by id.
                tail.ReadNew(line =>
                {
                    if (UsageJson.TryReadTranscriptEntry(line, out var id, out var model, out var tokens))
                    {
                        _answers[id] = (model, tokens);
                    }
                });
            }
        }

        // A usage file replaced rather than appended to: what it says now is all it says.
        _usageFile.ReadNew(AddReported, restarted: _reported.Clear);

        var byModel = new Dictionary<string, TokenCounts>(_reported, StringComparer.Ordinal);
        foreach (var (model, tokens) in _answers.Values)
        {
            byModel[model] = byModel.GetValueOrDefault(model, TokenCounts.Zero) + tokens;
        }

        return byModel;
    }
}
