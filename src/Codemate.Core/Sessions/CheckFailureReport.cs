namespace Codemate.Sessions;

/// <summary>What GitHub says about one failed job or check run, cleaned and bounded for the agent.</summary>
/// <param name="Name">The check's or workflow's name.</param>
/// <param name="Job">The failed job's name, when GitHub Actions ran it.</param>
/// <param name="Step">The first failed step's name, when known.</param>
/// <param name="Summary">The check run's output title and summary, if it set them.</param>
/// <param name="Annotations">The check run's annotations, one a line (<c>path:line [level] message</c>).</param>
/// <param name="LogTail">The last lines of the job's log.</param>
internal sealed record CheckFailureReport(string Name, string? Job, string? Step, string? Summary, string? Annotations, string? LogTail);
