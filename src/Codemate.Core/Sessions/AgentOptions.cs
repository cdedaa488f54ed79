using Codemate.Configuration;

namespace Codemate.Sessions;

/// <summary>Which agent runs and where its tmux server lives.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Codemate:Agent";

    /// <summary><c>claude</c> (default) or <c>command</c> (<c>CODEMATE_AGENT</c>).</summary>
    public string? Agent { get; set; }

    /// <summary>The command the <c>command</c> profile runs (<c>CODEMATE_AGENT_COMMAND</c>); setting it alone selects that profile.</summary>
    public string? Command { get; set; }

    /// <summary>System prompt file for Claude Code (<c>SYSTEM_PROMPT_FILE</c>).</summary>
    public string? SystemPromptFile { get; set; }

    /// <summary>
    /// Names the directory of Codemate's tmux sockets, one server per session (<c>CODEMATE_TMUX_SOCKET</c>):
    /// <c>${TMUX_TMPDIR:-/tmp}/tmux-{uid}/{name}.d/{session}</c>, beside the sockets of <c>tmux -L</c>.
    /// </summary>
    public string TmuxSocket { get; set; } = "codemate";

    /// <summary>
    /// The directory of Codemate's tmux sockets, one per session (<c>tmux -S {path}/{session}</c>;
    /// <c>CODEMATE_TMUX_SOCKET_PATH</c>). When set it wins over <see cref="TmuxSocket"/>; tests use it to keep their
    /// servers in a temporary directory. Codemate creates it 0700 and refuses one that others can reach.
    /// </summary>
    public string? TmuxSocketPath { get; set; }

    /// <summary>
    /// Gives the agent a git credential helper for GitHub (<c>CODEMATE_AGENT_GIT_CREDENTIALS</c>, default off). Each
    /// use asks Codemate over 127.0.0.1 for a fresh token of the installation, so the agent can push and
    /// fetch for longer than one token lives. Off, the agent gets no GitHub credentials and Codemate pushes for it.
    /// </summary>
    public bool GitCredentials { get; set; }

    /// <summary>
    /// How often every watched session is checked even without a file-system event: the safety net behind the
    /// status-file watcher, and how quickly a session that died is noticed.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.001", "10675199.02:48:05.4775807", ErrorMessage = "Codemate:Agent:StatusPollInterval must be positive.")]
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a new agent may take to report <c>idle</c> and receive its task (<c>CODEMATE_AGENT_START_SECONDS</c>,
    /// default 120; 0: no limit). An agent that has not by then (stuck on a dialog, say) is a failed start: its screen is
    /// reported and its session stopped.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", ErrorMessage = "CODEMATE_AGENT_START_SECONDS must be 0 (no limit) or a positive number of seconds.")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Names of variables in Codemate's environment the agent inherits besides the ones it always gets
    /// (<c>CODEMATE_AGENT_ENV</c>, comma-separated): everything else in Codemate's environment is withheld.
    /// </summary>
    public IReadOnlyList<string> Environment { get; set; } = [];

    /// <summary>
    /// How agents are contained (<c>CODEMATE_SANDBOX</c>): <c>bwrap</c> (default) runs each inside bubblewrap,
    /// <c>none</c> runs it as Codemate's own user with everything that user can reach.
    /// </summary>
    public string? Sandbox { get; set; }

    /// <summary>The sandbox mode these options select: <c>bwrap</c> unless <see cref="Sandbox"/> says otherwise.</summary>
    public string EffectiveSandbox => string.IsNullOrWhiteSpace(Sandbox) ? SandboxModes.Bubblewrap : Sandbox.Trim().ToLowerInvariant();

    /// <summary>The profile these options select: <c>claude</c> unless <see cref="Agent"/> says otherwise or only <see cref="Command"/> is set.</summary>
    public string EffectiveAgent =>
        !string.IsNullOrWhiteSpace(Agent) ? Agent.Trim().ToLowerInvariant()
        : !string.IsNullOrWhiteSpace(Command) ? AgentProfileNames.Command
        : AgentProfileNames.Claude;
}
