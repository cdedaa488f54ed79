using Codemate.Issues;
using Codemate.Policy;
using Codemate.Sessions;
using Codemate.State;

namespace Codemate.Workflow;

internal sealed partial class IssueWorkflow
{
    // A hunk ends at the line commented on; its last lines are the context the agent needs, the file has the rest.
    private const int MaxDiffHunkLines = 40;
    private const int MaxDiffHunkChars = 4_000;

    /// <summary>A review or review comment on Codemate's pull request: the same rules and queue as a comment.</summary>
    private async Task ReviewAsync(PullRequestFeedback feedback, CancellationToken cancellationToken)
    {
        var (author, message) = feedback switch
        {
            ReviewCommentCreated comment => (comment.Author, ReviewCommentMessage(comment)),
            ReviewSubmitted review => (review.Author, new AgentMessage($"review:{review.ReviewId}", FeedbackPrompts.Review(review, Sanitize(review.Body)), FeedbackKind.Review)),
            _ => throw new ArgumentOutOfRangeException(nameof(feedback), feedback.GetType().Name, "Not a review."),
        };
        if (await IsOwnTextAsync(feedback, author, cancellationToken).ConfigureAwait(false)
            || !await IsOwnPullRequestAsync(feedback, feedback.PullRequestNumber, cancellationToken).ConfigureAwait(false)
            || !await IsAllowedAsync(feedback, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // Followed before it is queued: an idle agent can receive it before this method returns.
        if (feedback is ReviewCommentCreated followed)
        {
            await replies.TrackAsync(followed, message.Text, cancellationToken).ConfigureAwait(false);
        }

        if (!await ForwardAsync(feedback, author, message, cancellationToken).ConfigureAwait(false) && feedback is ReviewCommentCreated dropped)
        {
            await replies.ForgetAsync(dropped, cancellationToken).ConfigureAwait(false);
        }

        // The status comment counts the feedback waiting for the agent.
        status.RequestRefresh(feedback.Issue);
    }

    private AgentMessage ReviewCommentMessage(ReviewCommentCreated comment)
    {
        var hunk = PromptSanitizer.RemoveHiddenCharacters(comment.Location.DiffHunk).Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = hunk.Split('\n');
        if (lines.Length > MaxDiffHunkLines)
        {
            hunk = string.Join('\n', lines[^MaxDiffHunkLines..]);
        }

        hunk = hunk.Length > MaxDiffHunkChars ? hunk[^MaxDiffHunkChars..] : hunk;
        var location = comment.Location with { Path = PromptSanitizer.RemoveHiddenCharacters(comment.Location.Path) };
        return new AgentMessage(
            $"review-comment:{comment.CommentId}",
            FeedbackPrompts.ReviewComment(comment with { Location = location }, Sanitize(comment.Body), hunk),
            FeedbackKind.ReviewComment);
    }
}
