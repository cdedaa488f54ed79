namespace Codemate.Health;

/// <summary>What <c>/health</c> reports: the original's shape.</summary>
/// <param name="Status"><c>ok</c> while the server can accept work.</param>
/// <param name="ActiveSessions">Active sessions keyed <c>owner/repo#N</c>.</param>
public sealed record CodemateHealthReport(string Status, IReadOnlyDictionary<string, SessionHealth> ActiveSessions)
{
    /// <summary>How many sessions are active.</summary>
    public int TotalSessions => ActiveSessions.Count;

    /// <summary>
    /// Why accepted work cannot run (the dispatcher stopped, the state store fails) or did not (work is parked), as a
    /// short sentence without exception text; <see langword="null"/> while all is well. <c>/health</c> answers 503 with it.
    /// </summary>
    public string? Problem { get; init; }
}
