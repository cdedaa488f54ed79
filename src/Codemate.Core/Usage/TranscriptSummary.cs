namespace Codemate.Usage;

/// <summary>What an agent did in its session, as an operator reads it: each turn's prompt and the tools it called.</summary>
/// <param name="Turns">The turns kept, oldest first: all of them, or the most recent ones.</param>
public sealed record TranscriptSummary(IReadOnlyList<TranscriptTurn> Turns)
{
    /// <summary>No transcript.</summary>
    public static TranscriptSummary Empty { get; } = new([]);

    /// <summary>Every turn in the transcripts, those not kept in <see cref="Turns"/> included.</summary>
    public int TotalTurns { get; init; }

    /// <summary>Every tool call in the transcripts, those of turns not kept included.</summary>
    public int TotalToolCalls { get; init; }
}
