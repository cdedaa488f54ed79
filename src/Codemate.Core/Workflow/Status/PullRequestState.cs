using Codemate.State;

namespace Codemate.Workflow.Status;

/// <summary>What the status comment says about the pull request's CI.</summary>
/// <param name="LastCheck">The last check that completed on the pull request's head, if any.</param>
/// <param name="CiFixAttempts">Failed checks sent to the agent since someone who may steer last spoke.</param>
/// <param name="MaxCiFixAttempts">The budget for those (<c>CODEMATE_MAX_CI_FIX_ATTEMPTS</c>).</param>
internal sealed record PullRequestState(CheckResult? LastCheck, int CiFixAttempts, int MaxCiFixAttempts)
{
    public static PullRequestState From(SessionRecord record, int maxCiFixAttempts) => new(record.LastCheck, record.CiFixAttempts, maxCiFixAttempts);
}
