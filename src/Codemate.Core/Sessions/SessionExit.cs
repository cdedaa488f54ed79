namespace Codemate.Sessions;

/// <summary>How an agent's session ended when nobody stopped it.</summary>
/// <param name="FailedStart">
/// The agent exited, or was stopped for taking longer than <see cref="AgentOptions.StartTimeout"/>, before it ever
/// reported <c>idle</c> and received its task: it never worked on the issue.
/// </param>
/// <param name="TimedOut">It did not exit: it was stopped because it was still not ready.</param>
/// <param name="Screen">The last lines of its screen, captured before the session went away (no secrets, no hidden content).</param>
public sealed record SessionExit(bool FailedStart, bool TimedOut, string? Screen);
