namespace Codemate.Sessions;

/// <summary>How an agent's session ended when nobody stopped it.</summary>
/// <param name="Failure">Why the agent never started on its task, or <see langword="null"/> when it did.</param>
/// <param name="Screen">The last lines of its screen, captured before the session went away (no secrets, no hidden content).</param>
internal sealed record SessionExit(StartFailure? Failure, string? Screen)
{
    /// <summary>The agent never worked on its task.</summary>
    public bool FailedStart => Failure is not null;
}
