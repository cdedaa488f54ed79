namespace Codemate.Health;

/// <summary>
/// Where an issue's agent session runs: a tmux session on its own tmux server, joined with
/// <c>tmux -S {SocketPath} attach-session -t ={SessionName}</c>.
/// </summary>
/// <param name="SessionName">The tmux session's name.</param>
/// <param name="SocketPath">The socket of the session's own tmux server.</param>
/// <param name="Running">Whether the session runs now.</param>
public sealed record SessionTerminal(string SessionName, string SocketPath, bool Running);
