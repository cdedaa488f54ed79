using Codemate.Issues;
using Codemate.Webhooks.Payloads;

namespace Codemate.Webhooks;

/// <summary>
/// Reviews and review comments on a pull request, routed to the issue whose branch (<c>issue-N</c>, in the repository
/// itself) the pull request comes from. Whether it is the pull request Codemate opened is checked against the session
/// before the work is recorded (OwnPullRequests). Bots' reviews and comments are dropped, as on issues.
/// </summary>
internal static class FeedbackRouter
{
    public static RoutedEvent FromReviewComment(ReviewCommentPayload e, string deliveryId)
    {
        if (e.Comment is null)
        {
            return RoutedEvent.Invalid("the payload has no 'comment' object");
        }

        var author = EventRouter.ToActor(e.Comment.User ?? e.Sender);
        if (Refuse(e.PullRequest, e.Repository, author, EventRouter.ToActor(e.Sender), "review comment", out var key, out var number) is { } refused)
        {
            return refused;
        }

        return RoutedEvent.Accept(new ReviewCommentCreated
        {
            Issue = key,
            Details = Unread,
            DeliveryId = deliveryId,
            Sender = EventRouter.ToActor(e.Sender),
            InstallationId = e.Installation?.Id,
            PullRequestNumber = number,
            CommentId = e.Comment.Id,
            Body = e.Comment.Body ?? string.Empty,
            Author = author,
            Location = new ReviewLocation(e.Comment.Path ?? string.Empty, e.Comment.Line, e.Comment.StartLine, e.Comment.Side, e.Comment.StartSide, e.Comment.DiffHunk ?? string.Empty),
            InReplyToId = e.Comment.InReplyToId,
        });
    }

    public static RoutedEvent FromReview(ReviewPayload e, string deliveryId)
    {
        if (e.Review is null)
        {
            return RoutedEvent.Invalid("the payload has no 'review' object");
        }

        var author = EventRouter.ToActor(e.Review.User ?? e.Sender);
        if (Refuse(e.PullRequest, e.Repository, author, EventRouter.ToActor(e.Sender), "review", out var key, out var number) is { } refused)
        {
            return refused;
        }

        // The inline comments of a review arrive as review comments of their own; a review's body is all it adds.
        var state = (e.Review.State ?? string.Empty).ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(e.Review.Body))
        {
            return RoutedEvent.Ignore($"review ({state}) on pull request #{number} has no text for the agent");
        }

        if (state is not ("approved" or "changes_requested" or "commented"))
        {
            return RoutedEvent.Ignore($"review state '{state}' is not sent to the agent");
        }

        return RoutedEvent.Accept(new ReviewSubmitted
        {
            Issue = key,
            Details = Unread,
            DeliveryId = deliveryId,
            Sender = EventRouter.ToActor(e.Sender),
            InstallationId = e.Installation?.Id,
            PullRequestNumber = number,
            ReviewId = e.Review.Id,
            State = state,
            Body = e.Review.Body,
            Author = author,
        });
    }

    /// <summary>Until the receiver fills in the issue's details from its session (OwnPullRequests).</summary>
    internal static IssueDetails Unread { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, []);

    /// <summary>Why the event is not feedback for a Codemate pull request, or <see langword="null"/> with its issue.</summary>
    private static RoutedEvent? Refuse(PullRequestDetailsPayload? pullRequest, RepositoryPayload? repository, Actor author, Actor sender, string what, out IssueKey key, out int number)
    {
        key = default;
        number = 0;
        var branch = pullRequest?.Head?.Ref;
        if (pullRequest is null || branch is null)
        {
            return RoutedEvent.Invalid("the payload has no 'pull_request.head.ref'");
        }

        if (pullRequest.Number is <= 0 or > int.MaxValue)
        {
            return RoutedEvent.Invalid("the payload has no valid 'pull_request.number'");
        }

        number = (int)pullRequest.Number;
        if (!EventRouter.IsCodemateBranch(branch, out var issue))
        {
            return RoutedEvent.Ignore($"{what} on pull request #{number}, whose branch '{branch}' is not a Codemate branch");
        }

        if (EventRouter.FromOtherRepository(pullRequest) is { } foreign)
        {
            return RoutedEvent.Ignore($"{what} on pull request #{number}, which {foreign}");
        }

        if (author.IsBot || sender.IsBot)
        {
            return RoutedEvent.Ignore($"{what} by bot '{author.Login}' skipped to prevent feedback loops");
        }

        return EventRouter.TryIssueKey(repository, issue, out key, out var error) ? null : RoutedEvent.Invalid(error);
    }
}
