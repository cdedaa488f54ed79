using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Policy;
using Codemate.State;
using Microsoft.Extensions.Options;

namespace Codemate.Workflow;

/// <summary>
/// The last check before an agent is started on an issue's text. The payload that asked for the start may be stale
/// or replayed, so the issue is read again from GitHub: it must still exist, be open and carry the trigger label.
/// Then the text must be vouched for by someone who may steer: the author (their own words), or the person whose
/// label or <c>/codemate start</c> this event is, for the text the event showed them, or an earlier vouch for exactly
/// the text the issue has now. A stranger's issue, or one edited since its vouch, waits for a fresh vouch.
/// </summary>
internal sealed class StartCheck(IGitHubApi github, ITriggerPolicy policy, IOptions<TriggerPolicyOptions> options, TimeProvider time)
{
    /// <param name="work">The event that asks for the start.</param>
    /// <param name="record">What Codemate knows of the issue, with its earlier vouch, if any.</param>
    /// <param name="vouch">How this event vouches (its sender may steer, checked by the policy), or <see langword="null"/> when it does not.</param>
    /// <param name="cancellationToken">Cancels the GitHub calls.</param>
    public async Task<StartVerdict> CheckAsync(IssueWork work, SessionRecord? record, VouchKind? vouch, CancellationToken cancellationToken)
    {
        var issue = await github.GetIssueAsync(work.Issue, work.InstallationId, cancellationToken).ConfigureAwait(false);
        if (issue is null || issue.IsPullRequest)
        {
            return new StartVerdict.Ignore("the issue does not exist on GitHub (deleted or transferred)");
        }

        if (!issue.IsOpen)
        {
            return new StartVerdict.Ignore("the issue is closed on GitHub");
        }

        var label = options.Value.TriggerLabel;
        if (!string.IsNullOrWhiteSpace(label) && !issue.Labels.Contains(label, StringComparer.OrdinalIgnoreCase))
        {
            return new StartVerdict.Ignore($"the issue no longer has the trigger label '{label}'");
        }

        var details = work.Details with { Title = issue.Title, Body = issue.Body, Author = issue.Author, AuthorId = issue.AuthorId, Labels = issue.Labels };
        var hash = IssueText.Hash(issue.Title, issue.Body);
        var now = time.GetUtcNow();
        if (!string.IsNullOrEmpty(issue.Author) && (await policy.MaySteerAsync(work, new Actor(issue.Author, false, issue.AuthorId), cancellationToken).ConfigureAwait(false)).IsAllowed)
        {
            return new StartVerdict.Start(details, new Vouch(issue.Author, VouchKind.Author, hash, now));
        }

        if (vouch is { } kind)
        {
            // The event carries the text its sender saw when they labelled or commented; an edit since is not theirs.
            var voucher = work is IssueCommentCreated comment ? comment.Author.Login : work.Sender.Login;
            return IssueText.Hash(work.Details.Title, work.Details.Body) == hash
                ? new StartVerdict.Start(details, new Vouch(voucher, kind, hash, now))
                : new StartVerdict.NeedsVouch(
                    $"the issue's title or description changed after @{voucher} {(kind == VouchKind.Label ? "added the label" : "asked to start")}, so the new text was not sent to the agent.",
                    details);
        }

        if (record?.Vouch is { } earlier)
        {
            return earlier.TextHash == hash
                ? new StartVerdict.Start(details, earlier)
                : new StartVerdict.NeedsVouch($"the issue's title or description changed since @{earlier.By} vouched for it, so the new text was not sent to the agent.", details);
        }

        return new StartVerdict.NeedsVouch($"@{issue.Author} opened this issue and may not steer Codemate, and nobody who may has vouched for its text.", details);
    }
}
