namespace Codemate.Sessions;

/// <summary>How to start one agent session.</summary>
/// <param name="SessionName">The sanitised session name.</param>
/// <param name="WorkingDirectory">The workspace.</param>
/// <param name="Command">The program and its arguments; a single element runs through the shell.</param>
/// <param name="Environment">Variables added to the agent's environment.</param>
public sealed record SessionLaunch(
    string SessionName,
    string WorkingDirectory,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>What is executed: <see cref="Command"/>, a single element as a <c>/bin/sh -c</c> command line.</summary>
    internal IReadOnlyList<string> ExecutedCommand => Command.Count == 1 ? ["/bin/sh", "-c", Command[0]] : Command;

    /// <summary>The program <see cref="Command"/> names, or <see langword="null"/> for a shell command line.</summary>
    internal string? Program => Command.Count == 1 ? null : Command[0];
}
