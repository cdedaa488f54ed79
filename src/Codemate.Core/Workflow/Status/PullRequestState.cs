using Codemate.State;

namespace Codemate.Workflow.Status;

/// <summary>What the status comment says about the pull request's review and CI.</summary>
/// <param name="FeedbackWaiting">
/// Pull request feedback (comments, review comments, reviews, failed checks) queued for the agent that has not reached it
/// yet, by kind. What was typed in no longer waits, whether or not its turn ends: a session killed or stopped mid-turn
/// never answers it.
/// </param>
/// <param name="LastCheck">The last check that completed on the pull request's head, if any.</param>
/// <param name="CiFixAttempts">Failed checks sent to the agent since someone who may steer last spoke.</param>
/// <param name="MaxCiFixAttempts">The budget for those (<c>CODEMATE_MAX_CI_FIX_ATTEMPTS</c>).</param>
internal sealed record PullRequestState(IReadOnlyDictionary<FeedbackKind, int> FeedbackWaiting, CheckResult? LastCheck, int CiFixAttempts, int MaxCiFixAttempts)
{
    public static PullRequestState From(SessionRecord record, int maxCiFixAttempts) => new(
        record.FeedbackWaiting.Where(f => !f.Delivered).GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()),
        record.LastCheck,
        record.CiFixAttempts,
        maxCiFixAttempts);
}
