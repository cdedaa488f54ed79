using Codemate.Issues;
using Codemate.Webhooks.Payloads;

namespace Codemate.Webhooks;

internal static partial class EventRouter
{
    private static RoutedEvent FromPullRequestEvent(PullRequestPayload? e, string deliveryId)
    {
        // Only Codemate's own branches matter.
        var branch = e?.PullRequest?.Head?.Ref;
        if (e?.PullRequest is null || branch is null)
        {
            return RoutedEvent.Invalid("the payload has no 'pull_request.head.ref'");
        }

        if (!IsCodemateBranch(branch, out var number))
        {
            return RoutedEvent.Ignore($"pull request branch '{branch}' is not a Codemate branch");
        }

        if (!TryIssueKey(e.Repository, number, out var key, out _))
        {
            return RoutedEvent.Invalid("the pull request payload has no valid 'repository'");
        }

        if (e.PullRequest.Number is <= 0 or > int.MaxValue)
        {
            return RoutedEvent.Invalid("the payload has no valid 'pull_request.number'");
        }

        // Anyone can open a pull request from a fork and name its branch issue-N; only a branch in the repository
        // itself can be Codemate's, which pushes nowhere else. Whether it is the pull request Codemate opened is
        // checked against the session when the work is handled (SessionStopper).
        if (FromOtherRepository(e.PullRequest) is { } foreign)
        {
            return RoutedEvent.Ignore($"pull request #{e.PullRequest.Number} {foreign}; only Codemate's own pull request stops a session");
        }

        var details = new IssueDetails(e.PullRequest.Title ?? string.Empty, e.PullRequest.Body ?? string.Empty, e.PullRequest.User?.Login ?? string.Empty, string.Empty, []);
        return RoutedEvent.Accept(new PullRequestClosed
        {
            Issue = key,
            Details = details,
            DeliveryId = deliveryId,
            Sender = ToActor(e.Sender),
            InstallationId = e.Installation?.Id,
            Merged = e.PullRequest.Merged == true || e.PullRequest.MergedAt is not null,
            PullRequestNumber = (int)e.PullRequest.Number,
        });
    }

    /// <summary>Why the pull request's head is not a branch of its base repository, or <see langword="null"/> when it is.</summary>
    internal static string? FromOtherRepository(PullRequestDetailsPayload pullRequest)
    {
        var head = pullRequest.Head?.Repo?.FullName;
        var @base = pullRequest.Base?.Repo?.FullName;
        if (@base is null)
        {
            return "names no base repository";
        }

        if (head is null)
        {
            return "comes from a repository that no longer exists (a deleted fork)";
        }

        // GitHub treats repository names without regard to case, and so does the allow-list.
        return string.Equals(head, @base, StringComparison.OrdinalIgnoreCase) ? null : $"comes from {head}, not from {@base}";
    }

    internal static bool IsCodemateBranch(string? branch, out int number)
    {
        number = 0;
        return branch is not null
            && branch.StartsWith("issue-", StringComparison.Ordinal)
            && int.TryParse(branch.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
