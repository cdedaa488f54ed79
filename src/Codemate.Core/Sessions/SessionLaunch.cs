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
    IReadOnlyDictionary<string, string> Environment);
