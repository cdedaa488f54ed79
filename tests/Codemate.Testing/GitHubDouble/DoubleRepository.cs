namespace Codemate.Testing.GitHubDouble;

/// <summary>A repository on the double and everything done to it. Thread-safe snapshots.</summary>
public sealed class DoubleRepository
{
    private readonly Lock _gate = new();
    private readonly List<DoublePullRequest> _pulls = [];
    private readonly List<DoubleComment> _comments = [];
    private readonly List<DoubleReaction> _reactions = [];
    private readonly List<DoubleReviewComment> _reviewComments = [];
    private readonly Dictionary<int, DoubleIssue> _issues = [];
    private readonly Dictionary<string, (string Permission, string RoleName)> _permissions = new(StringComparer.OrdinalIgnoreCase);
    private int _nextNumber = 100;

    private readonly Uri _web;

    internal DoubleRepository(Uri web, string owner, string name, string defaultBranch, long? installationId)
    {
        _web = web;
        Owner = owner;
        Name = name;
        DefaultBranch = defaultBranch;
        InstallationId = installationId;
    }

    public string Owner { get; }

    public string Name { get; }

    public string FullName => $"{Owner}/{Name}";

    public string DefaultBranch { get; set; }

    /// <summary>When set, only this installation's tokens (and PATs) can see the repository.</summary>
    public long? InstallationId { get; }

    public IReadOnlyList<DoublePullRequest> PullRequests { get { lock (_gate) { return [.. _pulls]; } } }

    public IReadOnlyList<DoubleComment> Comments { get { lock (_gate) { return [.. _comments]; } } }

    public IReadOnlyList<DoubleReaction> Reactions { get { lock (_gate) { return [.. _reactions]; } } }

    /// <summary>Review comments posted through the API (replies in review threads), oldest first.</summary>
    public IReadOnlyList<DoubleReviewComment> ReviewComments { get { lock (_gate) { return [.. _reviewComments]; } } }

    /// <summary>The repository's CI: Actions jobs, their logs and check-run annotations.</summary>
    public DoubleChecks Checks { get; } = new();

    /// <summary>
    /// Gives <paramref name="login"/> a role: admin, maintain, write, triage, read or none, or a custom role's name with
    /// the <paramref name="permission"/> it is based on. The permission API answers as GitHub does: <c>permission</c>
    /// is only admin, write, read or none (maintain reads as write, triage as read); the role is in <c>role_name</c>.
    /// </summary>
    public void SetPermission(string login, string role, string? permission = null)
    {
        permission ??= role.ToUpperInvariant() switch
        {
            "MAINTAIN" => "write",
            "TRIAGE" => "read",
            "ADMIN" or "WRITE" or "READ" or "NONE" => role.ToLowerInvariant(),
            _ => throw new ArgumentException($"'{role}' is a custom role: say which permission it is based on.", nameof(permission)),
        };
        lock (_gate)
        {
            _permissions[login] = (permission, role);
        }
    }

    /// <summary>Adds an open pull request, as if someone had opened it.</summary>
    public DoublePullRequest AddPullRequest(string head, string @base, string title, bool draft = false, string author = "octocat") =>
        CreatePull(title, head, @base, null, draft, author);

    /// <summary>
    /// Opens issue <paramref name="number"/> as <paramref name="author"/>, as GitHub has it before it sends the webhook;
    /// Codemate reads it back before starting an agent. Opening it again replaces it.
    /// </summary>
    public DoubleIssue OpenIssue(int number, string title = "Fix the thing", string body = "It is broken.", string author = "alice", IEnumerable<string>? labels = null)
    {
        var issue = new DoubleIssue(number, title, body, author, "open", [.. labels ?? []]);
        lock (_gate)
        {
            _issues[number] = issue;
        }

        return issue;
    }

    /// <summary>Changes an issue that exists, as its author or a maintainer would on GitHub.</summary>
    public DoubleIssue EditIssue(int number, Func<DoubleIssue, DoubleIssue> change)
    {
        lock (_gate)
        {
            if (!_issues.TryGetValue(number, out var issue))
            {
                throw new InvalidOperationException($"Issue #{number} does not exist on the double; open it first.");
            }

            return _issues[number] = change(issue);
        }
    }

    /// <summary>The issue as the REST API answers it, if it exists.</summary>
    public DoubleIssue? Issue(int number)
    {
        lock (_gate)
        {
            return _issues.GetValueOrDefault(number);
        }
    }

    /// <summary>What the collaborator permission API answers for <paramref name="login"/>.</summary>
    internal (string Permission, string RoleName) Permission(string login)
    {
        lock (_gate)
        {
            return _permissions.GetValueOrDefault(login, ("none", "none"));
        }
    }

    internal DoublePullRequest CreatePull(string title, string head, string @base, string? body, bool draft, string author)
    {
        lock (_gate)
        {
            var number = _nextNumber++;
            var pull = new DoublePullRequest(number, title, head, @base, body, draft, "open", $"{_web}{FullName}/pull/{number}", author);
            _pulls.Add(pull);
            return pull;
        }
    }

    internal DoublePullRequest? UpdatePull(int number, Func<DoublePullRequest, DoublePullRequest> change)
    {
        lock (_gate)
        {
            var index = _pulls.FindIndex(p => p.Number == number);
            if (index < 0)
            {
                return null;
            }

            _pulls[index] = change(_pulls[index]);
            return _pulls[index];
        }
    }

    internal DoubleComment AddComment(long id, int issue, string body, string author)
    {
        lock (_gate)
        {
            var comment = new DoubleComment(id, issue, body, author, $"{_web}{FullName}/issues/{issue}#issuecomment-{id}");
            _comments.Add(comment);
            return comment;
        }
    }

    internal DoubleComment? UpdateComment(long id, string body)
    {
        lock (_gate)
        {
            var index = _comments.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                return null;
            }

            _comments[index] = _comments[index] with { Body = body };
            return _comments[index];
        }
    }

    internal DoubleReaction AddReaction(long id, int issue, string content, string author)
    {
        lock (_gate)
        {
            var reaction = new DoubleReaction(id, issue, content, author);
            _reactions.Add(reaction);
            return reaction;
        }
    }

    internal DoubleReviewComment AddReviewReply(long id, int pull, long inReplyTo, string body, string author)
    {
        lock (_gate)
        {
            var comment = new DoubleReviewComment(id, pull, inReplyTo, body, author);
            _reviewComments.Add(comment);
            return comment;
        }
    }
}
