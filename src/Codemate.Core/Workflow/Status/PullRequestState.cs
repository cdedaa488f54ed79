using Codemate.State;

namespace Codemate.Workflow.Status;

/// <summary>What the status comment says about the pull request's review and CI.</summary>
/// <param name="FeedbackWaiting">
/// Pull request feedback (comments, review comments, reviews, failed checks) handed to the agent that it has not answered
/// yet (queued, or received and being worked on), by kind.
/// </param>
/// <param name="LastCheck">The last check that completed on the pull request's head, if any.</param>
/// <param name="CiFixAttempts">Failed checks sent to the agent since someone who may steer last spoke.</param>
/// <param name="MaxCiFixAttempts">The budget for those (<c>CODEMATE_MAX_CI_FIX_ATTEMPTS</c>).</param>
internal sealed record PullRequestState(IReadOnlyDictionary<FeedbackKind, int> FeedbackWaiting, CheckResult? LastCheck, int CiFixAttempts, int MaxCiFixAttempts)
{
    public static PullRequestState From(SessionRecord record, int maxCiFixAttempts) => new(
        record.FeedbackWaiting.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()),
        record.LastCheck,
        record.CiFixAttempts,
        maxCiFixAttempts);
}
