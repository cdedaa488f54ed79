namespace Codemate.Health;

/// <summary>One entry of <c>/health</c>'s <c>active_sessions</c>.</summary>
/// <param name="SessionName">The tmux session name.</param>
/// <param name="Branch">The branch.</param>
/// <param name="PullRequestUrl">The draft pull request's web URL, if it exists yet.</param>
/// <param name="TmuxActive">Whether tmux reports the session alive right now.</param>
public sealed record SessionHealth(string SessionName, string Branch, string? PullRequestUrl, bool TmuxActive);
