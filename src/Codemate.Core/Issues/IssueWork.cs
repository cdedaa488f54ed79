using System.Text.Json.Serialization;

namespace Codemate.Issues;

/// <summary>
/// One accepted webhook event, reduced to what Codemate needs. It is persisted before the webhook is
/// answered, so everything a handler needs later must be in it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(IssueOpened), "issue_opened")]
[JsonDerivedType(typeof(IssueCommentCreated), "comment_created")]
[JsonDerivedType(typeof(IssueClosed), "issue_closed")]
[JsonDerivedType(typeof(IssueReopened), "issue_reopened")]
[JsonDerivedType(typeof(IssueLabeled), "issue_labeled")]
[JsonDerivedType(typeof(PullRequestClosed), "pull_request_closed")]
[JsonDerivedType(typeof(QueuedIssueReady), "queued_issue_ready")]
[JsonDerivedType(typeof(SessionInterrupted), "session_interrupted")]
[JsonDerivedType(typeof(ReviewCommentCreated), "review_comment_created")]
[JsonDerivedType(typeof(ReviewSubmitted), "review_submitted")]
[JsonDerivedType(typeof(CheckFailed), "check_failed")]
[JsonDerivedType(typeof(CheckPassed), "check_passed")]
public abstract record IssueWork
{
    /// <summary>The issue this work is about.</summary>
    public required IssueKey Issue { get; init; }

    /// <summary>The issue as the payload described it.</summary>
    public required IssueDetails Details { get; init; }

    /// <summary>The <c>X-GitHub-Delivery</c> id that carried this event.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>The GitHub App installation the payload named, if any.</summary>
    public long? InstallationId { get; init; }

    /// <summary>Who triggered the event.</summary>
    public required Actor Sender { get; init; }
}

/// <summary>An issue's title, body, author and labels as the payload carried them.</summary>
/// <param name="Title">The title.</param>
/// <param name="Body">The body; never <see langword="null"/>.</param>
/// <param name="Author">The login of whoever opened the issue.</param>
/// <param name="HtmlUrl">The issue's web URL.</param>
/// <param name="Labels">Label names.</param>
/// <param name="AuthorId">The author's numeric account id; <see langword="null"/> in work recorded before ids were read.</param>
public sealed record IssueDetails(string Title, string Body, string Author, string HtmlUrl, IReadOnlyList<string> Labels, long? AuthorId = null);

/// <summary>A GitHub account that did something.</summary>
/// <param name="Login">The login.</param>
/// <param name="IsBot">Whether GitHub marked the account as a bot (<c>type == "Bot"</c>) or the login ends in <c>[bot]</c>.</param>
/// <param name="Id">
/// The account's numeric id, which survives a rename and is never reused; <see langword="null"/> in work recorded
/// before ids were read, or when the payload had none.
/// </param>
public sealed record Actor(string Login, bool IsBot, long? Id = null);

/// <summary><c>issues</c>/<c>opened</c>: start work on the issue.</summary>
public sealed record IssueOpened : IssueWork;

/// <summary><c>issues</c>/<c>reopened</c>: resume work on the issue.</summary>
public sealed record IssueReopened : IssueWork;

/// <summary><c>issues</c>/<c>closed</c>: stop the issue's session.</summary>
public sealed record IssueClosed : IssueWork;

/// <summary><c>issues</c>/<c>labeled</c>: may start work when the label is the trigger label.</summary>
public sealed record IssueLabeled : IssueWork
{
    /// <summary>The label that was added.</summary>
    public required string Label { get; init; }
}

/// <summary>
/// <c>issue_comment</c>/<c>created</c> on an issue, or on the pull request Codemate opened for the issue
/// (<see cref="PullRequestNumber"/>); comments on other pull requests are never accepted.
/// </summary>
public sealed record IssueCommentCreated : IssueWork
{
    /// <summary>
    /// The number of Codemate's pull request when the comment was written there, <see langword="null"/> for a comment on
    /// the issue. <see cref="IssueWork.Issue"/> is then the issue the pull request was opened for, not the pull request.
    /// </summary>
    public int? PullRequestNumber { get; init; }

    /// <summary>The comment's id.</summary>
    public required long CommentId { get; init; }

    /// <summary>The comment's text; never <see langword="null"/>.</summary>
    public required string Body { get; init; }

    /// <summary>Who wrote the comment.</summary>
    public required Actor Author { get; init; }
}

/// <summary><c>pull_request</c>/<c>closed</c> for a Codemate branch (<c>issue-N</c>) from the repository itself, not a fork.</summary>
public sealed record PullRequestClosed : IssueWork
{
    /// <summary>Whether the pull request was merged.</summary>
    public required bool Merged { get; init; }

    /// <summary>
    /// The pull request's number; it stops the issue's session only when it is the one Codemate opened for the issue.
    /// Not <c>required</c>: work recorded by an older Codemate has none, and is then not trusted.
    /// </summary>
    public int? PullRequestNumber { get; init; }
}

/// <summary>
/// Not a webhook: Codemate's own note that a session slot is free for an issue that waited in the queue
/// (<c>CODEMATE_MAX_CONCURRENT_SESSIONS</c>). Recorded like accepted work, so it survives a restart.
/// </summary>
internal sealed record QueuedIssueReady : IssueWork;

/// <summary>
/// Not a webhook: the replica that ran the issue's agent stopped answering and this one took the issue over; the
/// workflow starts a new agent from the pushed branch, told that the previous session was interrupted.
/// </summary>
internal sealed record SessionInterrupted : IssueWork
{
    /// <summary>The replica that held the issue before, if one was recorded.</summary>
    public string? PreviousReplica { get; init; }
}
