namespace Codemate.State;

/// <summary>
/// Every way an issue's work may move from one <see cref="SessionState"/> to another, in one place (docs/architecture.md
/// has the same table). Staying in a state is not a transition: any record may change its other fields.
/// </summary>
internal static class SessionTransitions
{
    /// <summary>States a new record may start in.</summary>
    public static readonly IReadOnlySet<SessionState> Initial = new HashSet<SessionState>
    {
        SessionState.Queued, SessionState.Preparing, SessionState.AwaitingVouch,
    };

    // Ended work (Failed, Stopped, Done) starts again on a comment or /codemate retry; any work stops on close. Running
    // goes back to Preparing only when a start finds the agent's tmux session gone before its end was recorded.
    private static readonly Dictionary<SessionState, SessionState[]> Allowed = new()
    {
        [SessionState.Queued] = [SessionState.Preparing, SessionState.Stopped],
        [SessionState.Preparing] = [SessionState.Running, SessionState.Failed, SessionState.Stopped],
        [SessionState.Running] = [SessionState.Done, SessionState.Failed, SessionState.Stopped, SessionState.Preparing],
        [SessionState.Failed] = [SessionState.Queued, SessionState.Preparing, SessionState.AwaitingVouch, SessionState.Stopped],
        [SessionState.Stopped] = [SessionState.Queued, SessionState.Preparing, SessionState.AwaitingVouch],
        [SessionState.Done] = [SessionState.Queued, SessionState.Preparing, SessionState.AwaitingVouch, SessionState.Stopped],
        [SessionState.AwaitingVouch] = [SessionState.Queued, SessionState.Preparing, SessionState.Stopped],
    };

    /// <summary>The states <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<SessionState> From(SessionState from) => Allowed[from];

    /// <summary>Whether a record in <paramref name="from"/> may be saved in <paramref name="to"/>.</summary>
    public static bool IsAllowed(SessionState from, SessionState to) => from == to || Array.IndexOf(Allowed[from], to) >= 0;
}
