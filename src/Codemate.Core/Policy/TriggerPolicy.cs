using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>
/// The default <see cref="ITriggerPolicy"/>. The repository allow-list comes first, then the trigger label and
/// mention (no API call for events that trigger nothing), then the user allow-list, then the user's permission,
/// looked up through <see cref="IGitHubApi"/> and cached briefly. <c>author_association</c> and the shape of a
/// login (<c>[bot]</c>) are never evidence of trust. Anything unknown or failing is denied.
/// </summary>
internal sealed partial class TriggerPolicy : ITriggerPolicy
{
    private readonly IGitHubApi _github;
    private readonly TriggerPolicyOptions _options;
    private readonly ILogger<TriggerPolicy> _logger;
    private readonly RepositoryAllowList _repositories;
    private readonly AllowedUsers _users;
    private readonly InstallationOwnerCheck _installations;
    private readonly PermissionCache _cache;

    public TriggerPolicy(IGitHubApi github, IOptions<TriggerPolicyOptions> options, TimeProvider time, ILogger<TriggerPolicy> logger)
    {
        _github = github;
        _options = options.Value;
        _logger = logger;
        _repositories = new RepositoryAllowList(_options.AllowedRepositories);
        var accounts = new AccountIds(github);
        _users = new AllowedUsers(_options.AllowedUsers, accounts, logger);
        _installations = new InstallationOwnerCheck(github, accounts, _repositories, logger);
        _cache = new PermissionCache(time);
    }

    public bool IsRepositoryAllowed(RepositoryName repository) => _repositories.IsAllowed(repository);

    public async ValueTask<PolicyDecision> EvaluateAsync(IssueWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var decision = await DecideAsync(work, cancellationToken).ConfigureAwait(false);
        if (decision.IsAllowed)
        {
            // Only for what would be allowed: a denied event costs no installation lookup.
            decision = await _installations.CheckAsync(work, cancellationToken).ConfigureAwait(false) ?? decision;
        }

        var kind = work.GetType().Name;
        if (decision.IsAllowed)
        {
            Log.Allowed(_logger, kind, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, decision.Reason);
        }
        else
        {
            Log.Denied(_logger, kind, work.Issue.Repository.FullName, work.Issue.Number, work.DeliveryId, decision.Outcome, decision.Reason);
        }

        return decision;
    }

    public ValueTask<PolicyDecision> MaySteerAsync(IssueWork work, Actor person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(person);
        var repository = work.Issue.Repository;
        return IsRepositoryAllowed(repository)
            ? CheckUserAsync(work, person.Login, person.Id, cancellationToken)
            : Deny(PolicyOutcome.RepositoryNotAllowed, $"{repository} is not in {EnvironmentVariables.AllowedRepositories}");
    }

    private ValueTask<PolicyDecision> DecideAsync(IssueWork work, CancellationToken cancellationToken)
    {
        var repository = work.Issue.Repository;
        if (!IsRepositoryAllowed(repository))
        {
            return Deny(PolicyOutcome.RepositoryNotAllowed, $"{repository} is not in {EnvironmentVariables.AllowedRepositories}");
        }

        return work switch
        {
            IssueClosed or PullRequestClosed => new(PolicyDecision.Allow("closing stops work, which is always safe")),
            IssueOpened or IssueReopened => OpenedAsync(work, cancellationToken),
            IssueLabeled labeled => LabeledAsync(labeled, cancellationToken),
            IssueCommentCreated comment => CommentedAsync(comment, comment.Body, comment.Author, cancellationToken),
            ReviewCommentCreated comment => CommentedAsync(comment, comment.Body, comment.Author, cancellationToken),
            ReviewSubmitted review => CommentedAsync(review, review.Body, review.Author, cancellationToken),
            // Matched to the pull request Codemate opened before it was recorded; GitHub, not a person, reports it.
            CheckFailed => new(PolicyDecision.Allow("a failed check on Codemate's own pull request")),
            CheckPassed => new(PolicyDecision.Allow("a passed check on Codemate's own pull request, for the status comment")),
            _ => Deny(PolicyOutcome.NotTriggered, $"{work.GetType().Name} events do not drive the agent"),
        };
    }

    private ValueTask<PolicyDecision> OpenedAsync(IssueWork work, CancellationToken cancellationToken)
    {
        if (!HasTriggerLabel(work))
        {
            return Deny(PolicyOutcome.NotTriggered, $"the issue does not have the trigger label '{_options.TriggerLabel}'");
        }

        // Opening speaks for the author's own text. Reopening resumes work, so it is the person who reopened who must
        // be able to steer; whether the text itself is vouched for is checked before anything starts.
        var person = work is IssueReopened || string.IsNullOrEmpty(work.Details.Author) ? work.Sender : new Actor(work.Details.Author, false, work.Details.AuthorId);
        return CheckUserAsync(work, person.Login, person.Id, cancellationToken);
    }

    private ValueTask<PolicyDecision> LabeledAsync(IssueLabeled work, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.TriggerLabel))
        {
            return Deny(PolicyOutcome.NotTriggered, $"labels start nothing because {EnvironmentVariables.TriggerLabel} is not set");
        }

        if (!string.Equals(work.Label, _options.TriggerLabel, StringComparison.OrdinalIgnoreCase))
        {
            return Deny(PolicyOutcome.NotTriggered, $"label '{work.Label}' is not the trigger label '{_options.TriggerLabel}'");
        }

        // Whoever added the label vouches for the issue, so it is their permission that counts, not the author's.
        return CheckUserAsync(work, work.Sender.Login, work.Sender.Id, cancellationToken);
    }

    /// <summary>Comments on the issue or its pull request, reviews and review comments: the same rules for all.</summary>
    private ValueTask<PolicyDecision> CommentedAsync(IssueWork work, string body, Actor author, CancellationToken cancellationToken)
    {
        if (!HasTriggerLabel(work))
        {
            return Deny(PolicyOutcome.NotTriggered, $"the issue does not have the trigger label '{_options.TriggerLabel}'");
        }

        if (!string.IsNullOrWhiteSpace(_options.TriggerMention) && !Mentions.Contains(body, Logins.WithoutAt(_options.TriggerMention)))
        {
            return Deny(PolicyOutcome.NotTriggered, $"the comment does not mention @{Logins.WithoutAt(_options.TriggerMention)}");
        }

        return CheckUserAsync(work, author.Login, author.Id, cancellationToken);
    }

    private bool HasTriggerLabel(IssueWork work) =>
        string.IsNullOrWhiteSpace(_options.TriggerLabel)
        || work.Details.Labels.Contains(_options.TriggerLabel, StringComparer.OrdinalIgnoreCase);

    private static ValueTask<PolicyDecision> Deny(PolicyOutcome outcome, string reason) => new(PolicyDecision.Deny(outcome, reason));
}
