using System.Text.Json;
using Codemate.Issues;
using Codemate.Webhooks.Payloads;

namespace Codemate.Webhooks;

/// <summary>
/// The event table: which event/action pairs become work. The action comes from <see cref="PayloadScan"/>, so events
/// Codemate ignores cost no further parse; handled events are read straight from the raw UTF-8 body into the few
/// fields Codemate uses (<see cref="WebhookPayloadJson"/>). Octokit.Webhooks' full models did the same job at twice
/// the cost and turned a malformed field Codemate never reads (a date, say) into a rejected delivery.
/// </summary>
internal static partial class EventRouter
{
    private static JsonSerializerOptions _bounded = BoundedTo(64);

    /// <summary>
    /// The shortcut for the deliveries Codemate handles: when the body starts with an <c>action</c> the table parses,
    /// one typed read of the whole body both checks it (well-formed, an object, no deeper than allowed) and yields the
    /// work, instead of a <see cref="PayloadScan"/> followed by that read. Anything else, or a body that read rejects,
    /// takes the scan-then-route path, which says precisely what is wrong; the outcome is the same either way.
    /// </summary>
    public static bool TryRouteInOnePass(string eventName, ReadOnlySpan<byte> json, int maxDepth, string deliveryId, out RoutedEvent routed)
    {
        routed = default;
        if (eventName is not ("issues" or "issue_comment") || !PayloadScan.TryPeekAction(json, out var action))
        {
            return false;
        }

        var options = _bounded;
        if (options.MaxDepth != maxDepth)
        {
            _bounded = options = BoundedTo(maxDepth);
        }

        try
        {
            var read = ReadHandled(eventName, action, json, options, deliveryId);
            routed = read.GetValueOrDefault();
            return read is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The typed half of the event table, shared by both paths: reads the payload of an event/action Codemate handles
    /// and makes its work. <see langword="null"/> when the pair is not read here, or when the payload's own (last)
    /// <c>action</c> is not <paramref name="action"/>: a repeated key, which the one-pass caller hands to the scan.
    /// </summary>
    private static RoutedEvent? ReadHandled(string eventName, string action, ReadOnlySpan<byte> json, JsonSerializerOptions options, string deliveryId)
    {
        switch (eventName, action)
        {
            case ("issues", "opened" or "closed" or "reopened" or "labeled"):
                var issues = JsonSerializer.Deserialize<IssuesPayload>(json, options);
                return issues?.Action == action ? FromIssuesEvent(issues, action, deliveryId) : null;
            case ("issue_comment", "created"):
                var comment = JsonSerializer.Deserialize<IssueCommentPayload>(json, options);
                return comment?.Action == action ? FromCommentEvent(comment, deliveryId) : null;
            case ("pull_request_review_comment", "created"):
                var reviewComment = JsonSerializer.Deserialize<ReviewCommentPayload>(json, options);
                return reviewComment?.Action == action ? FeedbackRouter.FromReviewComment(reviewComment, deliveryId) : null;
            case ("pull_request_review", "submitted"):
                var review = JsonSerializer.Deserialize<ReviewPayload>(json, options);
                return review?.Action == action ? FeedbackRouter.FromReview(review, deliveryId) : null;
            case ("check_run", "completed"):
                var checkRun = JsonSerializer.Deserialize<CheckRunPayload>(json, options);
                return checkRun?.Action == action ? CheckRouter.FromCheckRun(checkRun, deliveryId) : null;
            case ("workflow_run", "completed"):
                var workflowRun = JsonSerializer.Deserialize<WorkflowRunPayload>(json, options);
                return workflowRun?.Action == action ? CheckRouter.FromWorkflowRun(workflowRun, deliveryId) : null;
            default:
                return null;
        }
    }

    private static JsonSerializerOptions BoundedTo(int maxDepth)
    {
        var options = new JsonSerializerOptions(WebhookPayloadJson.Default.Options) { MaxDepth = maxDepth };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <param name="eventName">The <c>X-GitHub-Event</c> header.</param>
    /// <param name="scan">What the scan of the body found: its top-level <c>action</c> and a pull request's head branch.</param>
    /// <param name="json">The body as raw UTF-8, already known to be a well-formed JSON object.</param>
    /// <param name="deliveryId">The <c>X-GitHub-Delivery</c> header.</param>
    public static RoutedEvent Route(string eventName, PayloadScan scan, ReadOnlySpan<byte> json, string deliveryId)
    {
        var action = scan.Action;
        try
        {
            if (action is not null && ReadHandled(eventName, action, json, WebhookPayloadJson.Default.Options, deliveryId) is { } read)
            {
                return read;
            }

            return (eventName, action) switch
            {
                ("pull_request", "closed") when scan.HeadRef is not null && !IsCodemateBranch(scan.HeadRef, out _) => RoutedEvent.Ignore($"pull request branch '{scan.HeadRef}' is not a Codemate branch"),
                ("pull_request", "closed") => FromPullRequestEvent(JsonSerializer.Deserialize(json, WebhookPayloadJson.Default.PullRequestPayload), deliveryId),
                _ => RoutedEvent.NotHandled(action is null ? $"event '{eventName}' is not handled" : $"event '{eventName}' with action '{action}' is not handled"),
            };
        }
        catch (JsonException exception)
        {
            return RoutedEvent.Invalid($"the '{eventName}' payload does not match GitHub's schema: {exception.Message}");
        }
    }

    private static RoutedEvent FromIssuesEvent(IssuesPayload? e, string action, string deliveryId)
    {
        if (e?.Issue is null)
        {
            return RoutedEvent.Invalid("the payload has no 'issue' object");
        }

        if (!TryIssueKey(e.Repository, e.Issue.Number, out var key, out var error))
        {
            return RoutedEvent.Invalid(error);
        }

        var details = Details(e.Issue);
        var sender = ToActor(e.Sender);
        var installation = e.Installation?.Id;
        IssueWork work = action switch
        {
            "opened" => new IssueOpened { Issue = key, Details = details, DeliveryId = deliveryId, Sender = sender, InstallationId = installation },
            "closed" => new IssueClosed { Issue = key, Details = details, DeliveryId = deliveryId, Sender = sender, InstallationId = installation },
            "reopened" => new IssueReopened { Issue = key, Details = details, DeliveryId = deliveryId, Sender = sender, InstallationId = installation },
            _ => new IssueLabeled
            {
                Issue = key, Details = details, DeliveryId = deliveryId, Sender = sender, InstallationId = installation,
                Label = e.Label?.Name ?? string.Empty,
            },
        };
        return RoutedEvent.Accept(work);
    }

    private static RoutedEvent FromCommentEvent(IssueCommentPayload? e, string deliveryId)
    {
        if (e?.Issue is null || e.Comment is null)
        {
            return RoutedEvent.Invalid("the payload has no 'issue' or 'comment' object");
        }

        var author = ToActor(e.Comment.User ?? e.Sender);
        var sender = ToActor(e.Sender);
        if (author.IsBot || sender.IsBot)
        {
            return RoutedEvent.Ignore($"comment by bot '{author.Login}' skipped to prevent feedback loops");
        }

        if (!TryIssueKey(e.Repository, e.Issue.Number, out var key, out var error))
        {
            return RoutedEvent.Invalid(error);
        }

        // A comment on a pull request names the pull request, not the issue: the receiver finds the issue Codemate opened
        // it for (OwnPullRequests), and skips comments on every other pull request.
        return RoutedEvent.Accept(new IssueCommentCreated
        {
            Issue = key,
            PullRequestNumber = e.Issue.PullRequest is null ? null : key.Number,
            Details = Details(e.Issue),
            DeliveryId = deliveryId,
            Sender = sender,
            InstallationId = e.Installation?.Id,
            CommentId = e.Comment.Id,
            Body = e.Comment.Body ?? string.Empty,
            Author = author,
        });
    }

    internal static bool TryIssueKey(RepositoryPayload? repository, long number, out IssueKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        key = default;
        if (repository is null)
        {
            error = "the payload has no 'repository' object";
            return false;
        }

        if (number is <= 0 or > int.MaxValue)
        {
            error = $"issue number {number} is not valid";
            return false;
        }

        var owner = repository.Owner?.Login;
        var name = repository.Name;
        if ((owner is null || name is null) && repository.FullName is { } fullName && fullName.Contains('/', StringComparison.Ordinal))
        {
            owner = fullName[..fullName.IndexOf('/', StringComparison.Ordinal)];
            name = fullName[(fullName.IndexOf('/', StringComparison.Ordinal) + 1)..];
        }

        if (!RepositoryName.TryCreate(owner, name, out var repo, out error))
        {
            return false;
        }

        key = new IssueKey(repo, (int)number);
        return true;
    }

    private static IssueDetails Details(IssuePayload issue) => new(
        issue.Title ?? string.Empty,
        issue.Body ?? string.Empty,
        issue.User?.Login ?? string.Empty,
        issue.HtmlUrl ?? string.Empty,
        issue.Labels?.Select(l => l?.Name).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToArray() ?? [],
        issue.User?.Id);

    internal static Actor ToActor(UserPayload? user)
    {
        var login = user?.Login ?? string.Empty;
        var isBot = string.Equals(user?.Type, "Bot", StringComparison.OrdinalIgnoreCase)
            || login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);
        return new Actor(login, isBot, user?.Id);
    }
}
