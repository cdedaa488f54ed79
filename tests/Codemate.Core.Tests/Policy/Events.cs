using Codemate.Issues;

namespace Codemate.Core.Tests.Policy;

/// <summary>Builds the events the trigger policy judges.</summary>
internal static class Events
{
    public static readonly RepositoryName Repository = RepositoryName.Create("octo", "widgets");

    public static IssueDetails Details(string author = "alice", params string[] labels) =>
        new("Add a widget", "Please add a widget.", author, "https://github.com/octo/widgets/issues/7", labels);

    public static IssueOpened Opened(string author = "alice", RepositoryName? repository = null, params string[] labels) => new()
    {
        Issue = new IssueKey(repository ?? Repository, 7),
        Details = Details(author, labels),
        DeliveryId = "d-opened",
        Sender = new Actor(author, author.EndsWith("[bot]", StringComparison.Ordinal)),
        InstallationId = 42,
    };

    public static IssueReopened Reopened(string author = "alice") => new()
    {
        Issue = new IssueKey(Repository, 7),
        Details = Details(author),
        DeliveryId = "d-reopened",
        Sender = new Actor(author, false),
    };

    public static IssueLabeled Labeled(string label, string sender, string author = "stranger") => new()
    {
        Issue = new IssueKey(Repository, 7),
        Details = Details(author, label),
        DeliveryId = "d-labeled",
        Sender = new Actor(sender, false),
        Label = label,
    };

    public static IssueCommentCreated Comment(string author, string body = "Please also add tests.", params string[] labels) => new()
    {
        Issue = new IssueKey(Repository, 7),
        Details = Details("alice", labels),
        DeliveryId = "d-comment",
        Sender = new Actor(author, false),
        CommentId = 1001,
        Body = body,
        Author = new Actor(author, false),
    };

    public static IssueClosed Closed(string sender, RepositoryName? repository = null) => new()
    {
        Issue = new IssueKey(repository ?? Repository, 7),
        Details = Details(),
        DeliveryId = "d-closed",
        Sender = new Actor(sender, false),
    };

    public static PullRequestClosed PullRequestClosed(string sender) => new()
    {
        Issue = new IssueKey(Repository, 7),
        Details = Details(),
        DeliveryId = "d-pr-closed",
        Sender = new Actor(sender, false),
        Merged = true,
    };
}
