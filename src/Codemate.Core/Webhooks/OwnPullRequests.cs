using Codemate.Issues;
using Codemate.State;

namespace Codemate.Webhooks;

/// <summary>
/// Feedback on a pull request is work only when the pull request is the one Codemate opened for an issue, as its
/// session recorded it. Checked before the delivery is recorded, from the local store only (no GitHub call on the
/// request), so comments and reviews on every other pull request are answered "ignored" as before. The workflow
/// checks again when it handles the work, in case the session changed in between.
/// </summary>
internal static class OwnPullRequests
{
    /// <summary>Whether <paramref name="work"/> is about a pull request, so must be matched here; issue events never pay for it.</summary>
    public static bool Concerns(IssueWork work) => work is PullRequestFeedback or IssueCommentCreated { PullRequestNumber: not null };

    /// <summary>The work addressed to its issue, with the issue's details from the session, or why it is ignored.</summary>
    public static async Task<RoutedEvent> ResolveAsync(IStateStore store, IssueWork work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case IssueCommentCreated { PullRequestNumber: { } number } comment:
                // The payload names the pull request only: find the issue whose session recorded it.
                var sessions = await store.GetSessionsAsync(cancellationToken).ConfigureAwait(false);
                var owner = sessions.FirstOrDefault(s => s.PullRequestNumber == number && s.Issue.Repository == work.Issue.Repository);
                return owner is null
                    ? RoutedEvent.Ignore($"comment on pull request #{number}, which is not a pull request Codemate opened")
                    : RoutedEvent.Accept(comment with { Issue = owner.Issue, Details = owner.Details ?? comment.Details });
            case PullRequestFeedback feedback:
                var record = await store.GetSessionAsync(work.Issue, cancellationToken).ConfigureAwait(false);
                return record?.PullRequestNumber == feedback.PullRequestNumber
                    ? RoutedEvent.Accept(feedback with { Details = record.Details ?? feedback.Details })
                    : RoutedEvent.Ignore($"pull request #{feedback.PullRequestNumber} is not the one Codemate opened for issue #{work.Issue.Number}");
            default:
                return RoutedEvent.Accept(work);
        }
    }
}
