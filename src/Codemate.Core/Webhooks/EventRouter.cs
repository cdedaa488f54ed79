using System.Text.Json;
using Codemate.Issues;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Events.IssueComment;
using Octokit.Webhooks.Events.Issues;
using Octokit.Webhooks.Events.PullRequest;
using Octokit.Webhooks.Models;

namespace Codemate.Webhooks;

/// <summary>
/// The event table: which event/action pairs become work. The action comes from <see cref="PayloadScan"/>, so events
/// Codemate ignores cost no typed parse; handled events are deserialized into Octokit.Webhooks' typed models
/// straight from the raw UTF-8 body, and into the action's own type (<see cref="IssueCommentCreatedEvent"/>, not <see cref="IssueCommentEvent"/>):
/// the base types carry a converter that reads the whole payload once more to pick that type from the action,
/// which Codemate already knows. That made the typed parse about four times slower.
/// </summary>
internal static class EventRouter
{
    /// <summary>One options instance for every delivery, so System.Text.Json builds its metadata cache once.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    /// <param name="eventName">The <c>X-GitHub-Event</c> header.</param>
    /// <param name="scan">What the scan of the body found: its top-level <c>action</c> and a pull request's head branch.</param>
    /// <param name="json">The body as raw UTF-8, already known to be a well-formed JSON object.</param>
    /// <param name="deliveryId">The <c>X-GitHub-Delivery</c> header.</param>
    public static RoutedEvent Route(string eventName, PayloadScan scan, ReadOnlySpan<byte> json, string deliveryId)
    {
        var action = scan.Action;
        try
        {
            return (eventName, action) switch
            {
                ("issues", "opened") => FromIssuesEvent(JsonSerializer.Deserialize<IssuesOpenedEvent>(json, Options), action!, deliveryId),
                ("issues", "closed") => FromIssuesEvent(JsonSerializer.Deserialize<IssuesClosedEvent>(json, Options), action!, deliveryId),
                ("issues", "reopened") => FromIssuesEvent(JsonSerializer.Deserialize<IssuesReopenedEvent>(json, Options), action!, deliveryId),
                ("issues", "labeled") => FromIssuesEvent(JsonSerializer.Deserialize<IssuesLabeledEvent>(json, Options), action!, deliveryId),
                ("issue_comment", "created") => FromCommentEvent(JsonSerializer.Deserialize<IssueCommentCreatedEvent>(json, Options), deliveryId),
                ("pull_request", "closed") when scan.HeadRef is not null && !IsCodemateBranch(scan.HeadRef, out _) => RoutedEvent.Ignore($"pull request branch '{scan.HeadRef}' is not a Codemate branch"),
                ("pull_request", "closed") => FromPullRequestEvent(JsonSerializer.Deserialize<PullRequestClosedEvent>(json, Options), deliveryId),
                _ => RoutedEvent.Ignore(action is null ? $"event '{eventName}' is not handled" : $"event '{eventName}' with action '{action}' is not handled"),
            };
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            // Octokit.Webhooks' converters throw FormatException (a bad date) and InvalidOperationException as well.
            return RoutedEvent.Invalid($"the '{eventName}' payload does not match GitHub's schema: {exception.Message}");
        }
    }

    private static RoutedEvent FromIssuesEvent(IssuesEvent? e, string action, string deliveryId)
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
                Label = (e as IssuesLabeledEvent)?.Label?.Name ?? string.Empty,
            },
        };
        return RoutedEvent.Accept(work);
    }

    private static RoutedEvent FromCommentEvent(IssueCommentEvent? e, string deliveryId)
    {
        if (e?.Issue is null || e.Comment is null)
        {
            return RoutedEvent.Invalid("the payload has no 'issue' or 'comment' object");
        }

        if (e.Issue.PullRequest is not null)
        {
            return RoutedEvent.Ignore("comments on pull requests are not handled, only comments on issues");
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

        return RoutedEvent.Accept(new IssueCommentCreated
        {
            Issue = key,
            Details = Details(e.Issue),
            DeliveryId = deliveryId,
            Sender = sender,
            InstallationId = e.Installation?.Id,
            CommentId = e.Comment.Id,
            Body = e.Comment.Body ?? string.Empty,
            Author = author,
        });
    }

    private static RoutedEvent FromPullRequestEvent(PullRequestClosedEvent? e, string deliveryId)
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

        var details = new IssueDetails(e.PullRequest.Title ?? string.Empty, e.PullRequest.Body ?? string.Empty, e.PullRequest.User?.Login ?? string.Empty, string.Empty, []);
        return RoutedEvent.Accept(new PullRequestClosed
        {
            Issue = key,
            Details = details,
            DeliveryId = deliveryId,
            Sender = ToActor(e.Sender),
            InstallationId = e.Installation?.Id,
            Merged = e.PullRequest.Merged == true || e.PullRequest.MergedAt is not null,
        });
    }

    private static bool IsCodemateBranch(string? branch, out int number)
    {
        number = 0;
        return branch is not null
            && branch.StartsWith("issue-", StringComparison.Ordinal)
            && int.TryParse(branch.AsSpan(6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    private static bool TryIssueKey(Repository? repository, long number, out IssueKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
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

    private static IssueDetails Details(Issue issue) => new(
        issue.Title ?? string.Empty,
        issue.Body ?? string.Empty,
        issue.User?.Login ?? string.Empty,
        issue.HtmlUrl ?? string.Empty,
        issue.Labels?.Select(l => l.Name).Where(n => !string.IsNullOrEmpty(n)).ToArray() ?? []);

    internal static Actor ToActor(User? user)
    {
        var login = user?.Login ?? string.Empty;
        var isBot = string.Equals(user?.Type?.StringValue, "Bot", StringComparison.OrdinalIgnoreCase)
            || login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);
        return new Actor(login, isBot);
    }
}
