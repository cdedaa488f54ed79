namespace Codemate.Sessions;

/// <summary>Runs agent sessions in a terminal multiplexer (tmux by default) and types text into them.</summary>
internal interface ISessionHost
{
    /// <summary>Whether a session with exactly this name is running (its agent has not exited).</summary>
    Task<bool> IsAliveAsync(string sessionName, CancellationToken cancellationToken);

    /// <summary>Names of all running sessions on Codemate's private server (their agents have not exited).</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Starts a detached session running <see cref="SessionLaunch.Command"/>.</summary>
    Task StartAsync(SessionLaunch launch, CancellationToken cancellationToken);

    /// <summary>Pastes <paramref name="text"/> into the session and presses Enter. Never goes through a shell.</summary>
    Task SendTextAsync(string sessionName, string text, CancellationToken cancellationToken);

    /// <summary>Presses Enter in the session, to submit text that was pasted but not taken.</summary>
    Task PressEnterAsync(string sessionName, CancellationToken cancellationToken);

    /// <summary>
    /// What the session's pane shows now, with some lines of history above it; still readable after the agent
    /// exited, until <see cref="StopAsync"/>.
    /// </summary>
    Task<string> CapturePaneAsync(string sessionName, CancellationToken cancellationToken);

    /// <summary>Ends the session if it runs.</summary>
    Task StopAsync(string sessionName, CancellationToken cancellationToken);
}
