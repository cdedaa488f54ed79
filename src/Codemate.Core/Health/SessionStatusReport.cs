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
    Usage.SessionUsage? Usage = null);
