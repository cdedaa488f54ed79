namespace Codemate.Issues;

/// <summary>
/// Feedback on the pull request Codemate opened for an issue (head <c>issue-N</c> in the repository itself).
/// <see cref="IssueWork.Issue"/> is the issue, never the pull request; the pull request's number is checked against
/// the one Codemate recorded for the issue before anything reaches the agent.
/// </summary>
public abstract record PullRequestFeedback : IssueWork
{
    /// <summary>The pull request's number.</summary>
    public required int PullRequestNumber { get; init; }
}

/// <summary><c>pull_request_review_comment</c>/<c>created</c>: a comment on a line (or lines) of the pull request's diff.</summary>
public sealed record ReviewCommentCreated : PullRequestFeedback
{
    /// <summary>The review comment's id.</summary>
    public required long CommentId { get; init; }

    /// <summary>The comment's text; never <see langword="null"/>.</summary>
    public required string Body { get; init; }

    /// <summary>Who wrote the comment.</summary>
    public required Actor Author { get; init; }

    /// <summary>Where the comment sits.</summary>
    public required ReviewLocation Location { get; init; }

    /// <summary>The id of the comment this one answers, when it is a reply in an existing thread.</summary>
    public long? InReplyToId { get; init; }
}

/// <summary>Where a review comment sits in the pull request's files.</summary>
/// <param name="Path">The file, relative to the repository's root.</param>
/// <param name="Line">The (last) line commented on, in the file as <paramref name="Side"/> shows it; <see langword="null"/> on an outdated comment or one on the whole file.</param>
/// <param name="StartLine">The first line of a comment on several lines, otherwise <see langword="null"/>.</param>
/// <param name="Side"><c>RIGHT</c> (the pull request's version) or <c>LEFT</c> (the base's).</param>
/// <param name="StartSide">The side of <paramref name="StartLine"/>.</param>
/// <param name="DiffHunk">The diff hunk the comment is on, as GitHub sends it.</param>
public sealed record ReviewLocation(string Path, int? Line, int? StartLine, string? Side, string? StartSide, string DiffHunk);

/// <summary><c>pull_request_review</c>/<c>submitted</c> with a body (an approval without one says nothing to act on).</summary>
public sealed record ReviewSubmitted : PullRequestFeedback
{
    /// <summary>The review's id.</summary>
    public required long ReviewId { get; init; }

    /// <summary><c>changes_requested</c>, <c>commented</c> or <c>approved</c>, lower case.</summary>
    public required string State { get; init; }

    /// <summary>The review's text; never <see langword="null"/>.</summary>
    public required string Body { get; init; }

    /// <summary>Who submitted the review.</summary>
    public required Actor Author { get; init; }
}
