namespace Codemate.Sessions;

/// <summary>What an <see cref="IAgentProfile"/> gets to build a <see cref="SessionLaunch"/>.</summary>
/// <param name="Session">The caller's context: issue, workspace, branch, pull request.</param>
/// <param name="SessionName">The tmux session name.</param>
/// <param name="StatusFile">
/// Where the agent writes <c>busy</c> or <c>idle</c> (also in <c>CODEMATE_STATUS_FILE</c>); outside the worktree.
/// </param>
/// <param name="AgentDirectory">A directory outside the worktree the profile may write files to (settings, prompts).</param>
public sealed record AgentLaunchContext(SessionContext Session, string SessionName, string StatusFile, string AgentDirectory);
