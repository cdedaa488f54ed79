using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Policy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Codemate.Core.Tests.Policy;

/// <summary><c>CODEMATE_ALLOWED_USERS</c> holds logins, but an event is matched by the account id it carries.</summary>
public sealed class AllowedUserIdTests
{
    private const long AliceId = 583231;
    private readonly IGitHubApi _github = Substitute.For<IGitHubApi>();
    private readonly FakeLogger<TriggerPolicy> _logger = new();

    public AllowedUserIdTests()
    {
        _github.GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns("write");
        _github.GetAccountAsync("alice", Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(new GitHubAccount(AliceId, "alice"));
    }

    [Fact]
    public async Task An_allowed_login_whose_event_carries_its_account_id_may_start_work()
    {
        var decision = await Policy().EvaluateAsync(OpenedBy("alice", AliceId), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task An_allowed_login_held_by_another_account_is_denied_as_renamed_or_registered_again()
    {
        var decision = await Policy().EvaluateAsync(OpenedBy("alice", 999), default);

        Assert.Equal(PolicyOutcome.UserNotAllowed, decision.Outcome);
        Assert.Equal($"alice is account 999, but alice in CODEMATE_ALLOWED_USERS is account {AliceId}: the login was renamed or registered again", decision.Reason);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 7007);
    }

    [Fact]
    public async Task A_trusted_allowed_login_held_by_another_account_is_denied_too()
    {
        var decision = await Policy(trust: true).EvaluateAsync(OpenedBy("alice", 999), default);

        Assert.Equal(PolicyOutcome.UserNotAllowed, decision.Outcome);
    }

    [Fact]
    public async Task A_login_is_resolved_once_and_its_id_kept()
    {
        var policy = Policy();

        await policy.EvaluateAsync(OpenedBy("alice", AliceId), default);
        _github.GetAccountAsync("alice", Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(new GitHubAccount(999, "alice"));
        var later = await policy.EvaluateAsync(OpenedBy("alice", 999), default);

        Assert.False(later.IsAllowed);
        await _github.Received(1).GetAccountAsync("alice", Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_login_that_cannot_be_resolved_is_denied_and_resolved_again_next_time()
    {
        _github.GetAccountAsync("alice", Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns(_ => throw new CodemateException("Could not reach GitHub"), _ => Task.FromResult(new GitHubAccount(AliceId, "alice")));
        var policy = Policy();

        var first = await policy.EvaluateAsync(OpenedBy("alice", AliceId), default);
        var second = await policy.EvaluateAsync(OpenedBy("alice", AliceId), default);

        Assert.Equal(PolicyOutcome.PermissionUnknown, first.Outcome);
        Assert.StartsWith("could not look up which account alice in CODEMATE_ALLOWED_USERS is", first.Reason, StringComparison.Ordinal);
        Assert.True(second.IsAllowed);
    }

    [Fact]
    public async Task Work_recorded_before_ids_were_read_is_matched_by_login_without_asking_GitHub()
    {
        var decision = await Policy().EvaluateAsync(OpenedBy("alice", id: null), default);

        Assert.True(decision.IsAllowed);
        await _github.DidNotReceiveWithAnyArgs().GetAccountAsync(default!, default, default);
    }

    [Fact]
    public async Task The_commenter_and_the_labeler_are_matched_by_their_own_ids()
    {
        var comment = Events.Comment("alice") with { Author = new Actor("alice", false, 999) };
        var labeled = Events.Labeled("codemate", sender: "alice") with { Sender = new Actor("alice", false, 999) };
        var policy = Policy(label: "codemate");

        Assert.Equal(PolicyOutcome.UserNotAllowed, (await policy.EvaluateAsync(comment with { Details = Events.Details("alice", "codemate") }, default)).Outcome);
        Assert.Equal(PolicyOutcome.UserNotAllowed, (await policy.EvaluateAsync(labeled, default)).Outcome);
    }

    private static IssueOpened OpenedBy(string login, long? id) => Events.Opened(login) with
    {
        Details = Events.Details(login) with { AuthorId = id },
        Sender = new Actor(login, false, id),
    };

    private TriggerPolicy Policy(bool trust = false, string? label = null)
    {
        var options = new TriggerPolicyOptions { TrustAllowedUsers = trust, TriggerLabel = label };
        options.AllowedUsers.Add("alice");
        return new TriggerPolicy(_github, Options.Create(options), new FakeTimeProvider(), _logger);
    }
}
