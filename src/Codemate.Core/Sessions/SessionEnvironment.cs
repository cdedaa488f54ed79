namespace Codemate.Sessions;

/// <summary>The environment every agent gets, whatever its profile: the status contract.</summary>
internal static class SessionEnvironment
{
    /// <summary>Where the agent writes <c>busy</c> or <c>idle</c>.</summary>
    public const string StatusFile = "CODEMATE_STATUS_FILE";

    /// <summary>The tmux session name.</summary>
    public const string SessionName = "CODEMATE_SESSION_NAME";

    /// <summary>The issue, <c>owner/repo#N</c>.</summary>
    public const string Issue = "CODEMATE_ISSUE";

    /// <summary>The branch the agent works on.</summary>
    public const string Branch = "CODEMATE_BRANCH";

    /// <summary>The issue's worktree.</summary>
    public const string Workspace = "CODEMATE_WORKSPACE";

    /// <summary>
    /// Where an agent may report its model usage, one JSON object per line with the Messages API's counts:
    /// <c>{"model": "...", "input_tokens": 0, "output_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}</c>.
    /// Codemate adds the lines up (Claude Code's usage is read from its transcripts instead).
    /// </summary>
    public const string UsageFile = "CODEMATE_USAGE_FILE";

    /// <summary>The contract's variables for <paramref name="context"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(AgentLaunchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StatusFile] = context.StatusFile,
            [SessionName] = context.SessionName,
            [Issue] = context.Session.Issue.ToString(),
            [Branch] = context.Session.Branch,
            [Workspace] = context.Session.Workspace,
            [UsageFile] = Usage.AgentUsageReader.UsageFile(context.AgentDirectory),
        };
    }
}
