namespace Codemate.Webhooks.Payloads;

// GitHub's webhook payloads, as far as Codemate reads them. A delivery is ~10 KB of which Codemate needs a few
// dozen fields; the reader skips the rest (still checking it is well-formed), so a change GitHub makes to a field
// Codemate never reads cannot turn a delivery into a 400. Names are GitHub's, snake_case (see WebhookPayloadJson).

/// <summary><c>issues</c> events: opened, closed, reopened, labeled.</summary>
internal sealed record IssuesPayload(string? Action, IssuePayload? Issue, LabelPayload? Label, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>issue_comment</c> events.</summary>
internal sealed record IssueCommentPayload(string? Action, IssuePayload? Issue, CommentPayload? Comment, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>pull_request</c> events.</summary>
internal sealed record PullRequestPayload(PullRequestDetailsPayload? PullRequest, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>pull_request_review_comment</c> events.</summary>
internal sealed record ReviewCommentPayload(string? Action, ReviewCommentDetailsPayload? Comment, PullRequestDetailsPayload? PullRequest, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>pull_request_review</c> events.</summary>
internal sealed record ReviewPayload(string? Action, ReviewDetailsPayload? Review, PullRequestDetailsPayload? PullRequest, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>check_run</c> events.</summary>
internal sealed record CheckRunPayload(string? Action, CheckRunDetailsPayload? CheckRun, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary><c>workflow_run</c> events.</summary>
internal sealed record WorkflowRunPayload(string? Action, WorkflowRunDetailsPayload? WorkflowRun, RepositoryPayload? Repository, UserPayload? Sender, InstallationPayload? Installation);

/// <summary>A review comment: <c>line</c>/<c>start_line</c> and their sides, never the deprecated diff <c>position</c>.</summary>
internal sealed record ReviewCommentDetailsPayload(long Id, string? Body, UserPayload? User, string? Path, int? Line, int? StartLine, string? Side, string? StartSide, string? DiffHunk, long? InReplyToId);

internal sealed record ReviewDetailsPayload(long Id, string? Body, string? State, UserPayload? User);

internal sealed record CheckRunDetailsPayload(long Id, string? Name, string? HeadSha, string? Conclusion, string? HtmlUrl, CheckOutputPayload? Output, CheckSuitePayload? CheckSuite, IReadOnlyList<RunPullRequestPayload?>? PullRequests);

internal sealed record CheckOutputPayload(string? Title, string? Summary);

internal sealed record CheckSuitePayload(string? HeadBranch);

internal sealed record WorkflowRunDetailsPayload(long Id, string? Name, string? HeadBranch, string? HeadSha, string? Conclusion, string? HtmlUrl, RepositoryPayload? HeadRepository, IReadOnlyList<RunPullRequestPayload?>? PullRequests);

/// <summary>A pull request as a check run or workflow run lists it: its repositories carry only an id, a URL and a name.</summary>
internal sealed record RunPullRequestPayload(long Number, RunBranchPayload? Head, RunBranchPayload? Base);

internal sealed record RunBranchPayload(string? Ref, string? Sha, RunRepositoryPayload? Repo);

internal sealed record RunRepositoryPayload(long Id);

internal sealed record IssuePayload(long Number, string? Title, string? Body, string? HtmlUrl, UserPayload? User, IReadOnlyList<LabelPayload?>? Labels, PullRequestLinkPayload? PullRequest);

/// <summary>Present on an issue that is really a pull request.</summary>
internal sealed record PullRequestLinkPayload(string? Url);

internal sealed record CommentPayload(long Id, string? Body, UserPayload? User);

internal sealed record PullRequestDetailsPayload(long Number, string? Title, string? Body, UserPayload? User, BranchPayload? Head, BranchPayload? Base, bool? Merged, string? MergedAt);

/// <summary>A pull request's head or base; <see cref="Repo"/> is <see langword="null"/> for a head whose fork was deleted.</summary>
internal sealed record BranchPayload(string? Ref, RepositoryPayload? Repo);

internal sealed record LabelPayload(string? Name);

internal sealed record UserPayload(string? Login, string? Type, long? Id = null);

internal sealed record RepositoryPayload(string? Name, string? FullName, UserPayload? Owner);

internal sealed record InstallationPayload(long Id);
