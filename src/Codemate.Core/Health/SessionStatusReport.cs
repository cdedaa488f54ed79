using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Health;

/// <summary>One session in the detailed status report.</summary>
public sealed record SessionStatusReport(
    string Issue,
    string SessionName,
    SessionState State,
    string Branch,
    string? PullRequestUrl,
    string? LastError,
    string? ErrorDetail,
    string? AgentScreen,
    int QueuedMessages,
    AgentStatus AgentStatus,
    bool TmuxActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset UpdatedAt,
    Usage.SessionUsage? Usage = null)
{
    /// <summary>The agent's last turns and the tools it called, from its transcripts (Claude Code); empty without any.</summary>
    public Usage.TranscriptSummary Transcript { get; init; } = Codemate.Usage.TranscriptSummary.Empty;

    /// <summary>
    /// The replica that runs the issue, with several sharing one PostgreSQL database; <see langword="null"/> when none
    /// holds it now (queued, ended, or between two replicas) or there is only one.
    /// </summary>
    public string? Replica { get; init; }
}
