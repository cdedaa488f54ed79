using System.Globalization;
using System.Text.Json;
using Codemate.Sessions;

namespace Codemate.Usage;

/// <summary>
/// Reads a session's Claude Code transcripts (<c>claude/projects/*/*.jsonl</c> in its agent directory) into a
/// <see cref="TranscriptSummary"/>, taking only what was appended since the last read: a user entry with text is a
/// turn, an assistant entry's <c>tool_use</c> blocks are its tool calls. Subagents' side chains and Claude Code's own
/// bookkeeping are left out. The agent writes these files, so they are read through <see cref="JsonLinesTail"/>
/// (bounded, untrusting), every field is optional, what is kept is shortened and has secrets removed, and only the
/// last <c>maxTurns</c> turns are kept (the totals count all). Not thread-safe: callers read each log under a lock.
/// </summary>
internal sealed class TranscriptLog(string agentDirectory, SecretRedactor redactor, int maxTurns = int.MaxValue)
{
    private const int MaxPromptChars = 160;
    private const int MaxDetailChars = 200;

    // The input field that says what each of Claude Code's tools was called on; other tools show their name only.
    private static readonly string[] DetailFields = ["command", "file_path", "notebook_path", "path", "pattern", "url", "query", "description"];

    private static readonly EnumerationOptions Files = new()
    {
        RecurseSubdirectories = true,
        MaxRecursionDepth = 1,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    private readonly Dictionary<string, JsonLinesTail> _tails = new(StringComparer.Ordinal);
    private readonly LinkedList<Builder> _turns = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private int _turnCount;
    private int _toolCallCount;

    /// <summary>Everything in the transcripts of <paramref name="agentDirectory"/>, read once.</summary>
    public static TranscriptSummary ReadAll(string agentDirectory, SecretRedactor redactor) => new TranscriptLog(agentDirectory, redactor).Read();

    /// <summary>The summary with what was appended since the last call.</summary>
    public TranscriptSummary Read()
    {
        var projects = Path.Combine(agentDirectory, ClaudeCodeProfile.ConfigDirectoryName, "projects");
        if (Directory.Exists(projects))
        {
            var files = Directory.EnumerateFiles(projects, "*.jsonl", Files)
                .Where(f => !_tails.ContainsKey(f))
                .OrderBy(File.GetLastWriteTimeUtc)
                .ThenBy(f => f, StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                _tails[file] = new JsonLinesTail(file);
            }

            foreach (var tail in _tails.Values)
            {
                tail.ReadNew(Add);
            }
        }

        return new TranscriptSummary([.. _turns.Select(t => new TranscriptTurn(t.At, t.Prompt, [.. t.Calls]))])
        {
            TotalTurns = _turnCount,
            TotalToolCalls = _toolCallCount,
        };
    }

    private void AddTurn(DateTimeOffset? at, string prompt)
    {
        _turns.AddLast(new Builder(at, prompt));
        _turnCount++;
        if (_turns.Count > maxTurns)
        {
            _turns.RemoveFirst();
        }
    }

    private void Add(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 });
            var entry = document.RootElement;
            if (entry.ValueKind != JsonValueKind.Object || IsTrue(entry, "isSidechain") || IsTrue(entry, "isMeta")
                || !entry.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("content", out var content))
            {
                return;
            }

            switch (String(entry, "type"))
            {
                case "user" when PromptText(content) is { } prompt:
                    AddTurn(Timestamp(entry), Shorten(redactor.Redact(prompt), MaxPromptChars));
                    break;
                case "assistant" when content.ValueKind == JsonValueKind.Array:
                    foreach (var block in content.EnumerateArray())
                    {
                        if (block.ValueKind == JsonValueKind.Object && String(block, "type") == "tool_use" && String(block, "name") is { } tool
                            && (String(block, "id") is not { } id || _seen.Add(id)))
                        {
                            if (_turns.Count == 0)
                            {
                                AddTurn(Timestamp(entry), string.Empty);
                            }

                            _turns.Last!.Value.Calls.Add(new ToolCall(Shorten(tool, 60), Detail(block)));
                            _toolCallCount++;
                        }
                    }

                    break;
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>The text a person (or Codemate) typed; <see langword="null"/> for tool results and other user entries.</summary>
    private static string? PromptText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && String(block, "type") == "text" && String(block, "text") is { } text)
            {
                return text;
            }
        }

        return null;
    }

    private string? Detail(JsonElement block)
    {
        if (!block.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var field in DetailFields)
        {
            if (String(input, field) is { } value)
            {
                return Shorten(redactor.Redact(value), MaxDetailChars);
            }
        }

        return null;
    }

    /// <summary>The first line, control characters removed (the text is printed to a terminal), at most <paramref name="max"/> characters.</summary>
    private static string Shorten(string text, int max)
    {
        var first = text.AsSpan().Trim();
        var end = first.IndexOfAny('\r', '\n');
        var line = new string([.. (end < 0 ? first : first[..end]).ToArray().Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length <= max && end < 0 ? line : string.Concat(line.AsSpan(0, Math.Min(line.Length, max)), "…");
    }

    private static DateTimeOffset? Timestamp(JsonElement entry) =>
        String(entry, "timestamp") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static bool IsTrue(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed class Builder(DateTimeOffset? at, string prompt)
    {
        public DateTimeOffset? At { get; } = at;

        public string Prompt { get; } = prompt;

        public List<ToolCall> Calls { get; } = [];
    }
}
