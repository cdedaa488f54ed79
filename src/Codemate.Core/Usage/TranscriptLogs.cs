using System.Collections.Concurrent;
using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Usage;

/// <summary>
/// Each session's <see cref="TranscriptLog"/>, kept between reads so that <c>/status</c> reads only what its agent
/// appended since it last asked; the most recent <see cref="KeptTurns"/> turns of each are kept.
/// </summary>
internal sealed class TranscriptLogs(SessionPaths paths, SecretRedactor redactor)
{
    public const int KeptTurns = 20;

    private readonly ConcurrentDictionary<string, Entry> _logs = new(StringComparer.Ordinal);

    public TranscriptSummary Read(SessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = _logs.GetOrAdd(record.SessionName, name => new Entry(new TranscriptLog(paths.AgentDirectory(name), redactor, KeptTurns)));
        lock (entry.Gate)
        {
            return entry.Log.Read();
        }
    }

    /// <summary>Every turn of <paramref name="record"/>'s transcripts, read afresh.</summary>
    public TranscriptSummary ReadAll(SessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return TranscriptLog.ReadAll(paths.AgentDirectory(record.SessionName), redactor);
    }

    private sealed record Entry(TranscriptLog Log)
    {
        public Lock Gate { get; } = new();
    }
}
