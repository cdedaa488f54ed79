using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Policy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Codemate.Core.Tests.Policy;

public sealed class TriggerPolicyTests
{
    private readonly IGitHubApi _github = Substitute.For<IGitHubApi>();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<TriggerPolicy> _logger = new();

    public TriggerPolicyTests()
    {
        Permission("alice", "write");
        Permission("stranger", "none");
        Permission("reader", "read");
        Permission("triager", "triage");
        Permission("admin-user", "admin");
        Permission("maintainer", "maintain");
        Permission("renovate[bot]", "none");
    }

    [Theory]
    [InlineData("alice", "write")]
    [InlineData("admin-user", "admin")]
    [InlineData("maintainer", "maintain")]
    public async Task A_user_with_write_or_higher_permission_may_start_work_by_opening_an_issue(string login, string permission)
    {
        var decision = await Policy().EvaluateAsync(Events.Opened(login), default);

        Assert.True(decision.IsAllowed);
        Assert.Equal($"{login} has {permission} permission on octo/widgets", decision.Reason);
    }

    [Fact]
    public async Task A_stranger_without_permission_cannot_start_work()
    {
        var decision = await Policy().EvaluateAsync(Events.Opened("stranger"), default);

        Assert.Equal(PolicyOutcome.PermissionTooLow, decision.Outcome);
        Assert.Equal("stranger has none permission on octo/widgets; write is required", decision.Reason);
    }

    [Theory]
    [InlineData("reader", "read")]
    [InlineData("triager", "triage")]
    public async Task A_collaborator_below_write_cannot_start_work(string login, string permission)
    {
        var decision = await Policy().EvaluateAsync(Events.Opened(login), default);

        Assert.False(decision.IsAllowed);
        Assert.Equal($"{login} has {permission} permission on octo/widgets; write is required", decision.Reason);
    }

    [Fact]
    public async Task A_read_only_collaborator_may_start_work_when_read_is_the_required_permission()
    {
        var decision = await Policy(o => o.RequiredPermission = RepositoryPermission.Read).EvaluateAsync(Events.Opened("reader"), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task A_writer_cannot_start_work_when_admin_is_the_required_permission()
    {
        var decision = await Policy(o => o.RequiredPermission = RepositoryPermission.Admin).EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal("alice has write permission on octo/widgets; admin is required", decision.Reason);
    }

    [Fact]
    public async Task A_bot_login_is_not_trusted_by_its_name()
    {
        var decision = await Policy().EvaluateAsync(Events.Opened("renovate[bot]"), default);

        Assert.Equal(PolicyOutcome.PermissionTooLow, decision.Outcome);
        await _github.Received(1).GetPermissionAsync(Events.Repository, "renovate[bot]", 42, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Reopening_an_issue_requires_its_author_to_be_allowed()
    {
        Assert.True((await Policy().EvaluateAsync(Events.Reopened("alice"), default)).IsAllowed);
        Assert.False((await Policy().EvaluateAsync(Events.Reopened("stranger"), default)).IsAllowed);
    }

    [Fact]
    public async Task A_comment_from_a_writer_is_forwarded()
    {
        var decision = await Policy().EvaluateAsync(Events.Comment("alice"), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task A_comment_from_someone_who_may_not_steer_is_not_forwarded()
    {
        var decision = await Policy().EvaluateAsync(Events.Comment("reader"), default);

        Assert.Equal("reader has read permission on octo/widgets; write is required", decision.Reason);
    }

    [Fact]
    public async Task Closing_is_always_allowed_because_stopping_is_safe()
    {
        var policy = Policy();

        Assert.True((await policy.EvaluateAsync(Events.Closed("stranger"), default)).IsAllowed);
        Assert.True((await policy.EvaluateAsync(Events.PullRequestClosed("stranger"), default)).IsAllowed);
        await _github.DidNotReceiveWithAnyArgs().GetPermissionAsync(default, default!, default, default);
    }

    [Fact]
    public async Task Closing_in_a_repository_that_is_not_allowed_is_ignored()
    {
        var decision = await Policy(o => o.AllowedRepositories.Add("octo/other")).EvaluateAsync(Events.Closed("alice"), default);

        Assert.Equal(PolicyOutcome.RepositoryNotAllowed, decision.Outcome);
    }

    [Fact]
    public async Task A_repository_outside_the_allow_list_is_ignored_without_asking_GitHub()
    {
        var policy = Policy(o => o.AllowedRepositories.Add("octo/other"));

        var decision = await policy.EvaluateAsync(Events.Opened("alice"), default);

        Assert.False(policy.IsRepositoryAllowed(Events.Repository));
        Assert.Equal("octo/widgets is not in CODEMATE_ALLOWED_REPOSITORIES", decision.Reason);
        await _github.DidNotReceiveWithAnyArgs().GetPermissionAsync(default, default!, default, default);
    }

    [Theory]
    [InlineData("octo/widgets", "octo", "widgets", true)]
    [InlineData("OCTO/Widgets", "octo", "widgets", true)]
    [InlineData("octo/*", "octo", "anything", true)]
    [InlineData("octo/*", "octopus", "widgets", false)]
    [InlineData("octo/widgets", "octo", "widgets-2", false)]
    [InlineData("other/*", "octo", "widgets", false)]
    public void The_repository_allow_list_matches_exact_names_and_owner_wildcards(string entry, string owner, string name, bool allowed)
    {
        var policy = Policy(o => o.AllowedRepositories.Add(entry));

        Assert.Equal(allowed, policy.IsRepositoryAllowed(RepositoryName.Create(owner, name)));
    }

    [Fact]
    public void Every_repository_is_allowed_when_the_allow_list_is_empty() =>
        Assert.True(Policy().IsRepositoryAllowed(RepositoryName.Create("anyone", "anything")));

    [Fact]
    public void A_repository_allow_list_of_only_invalid_entries_allows_nothing() =>
        Assert.False(Policy(o => o.AllowedRepositories.Add("not a pattern")).IsRepositoryAllowed(Events.Repository));

    [Fact]
    public async Task A_writer_missing_from_the_user_allow_list_cannot_start_work()
    {
        var decision = await Policy(o => o.AllowedUsers.Add("bob")).EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal(PolicyOutcome.UserNotAllowed, decision.Outcome);
        Assert.Equal("alice is not in CODEMATE_ALLOWED_USERS", decision.Reason);
    }

    [Fact]
    public async Task An_allow_listed_user_still_needs_the_required_permission()
    {
        var decision = await Policy(o => o.AllowedUsers.Add("Reader")).EvaluateAsync(Events.Opened("reader"), default);

        Assert.Equal(PolicyOutcome.PermissionTooLow, decision.Outcome);
    }

    [Fact]
    public async Task An_allow_listed_user_skips_the_permission_check_only_when_allow_listed_users_are_trusted()
    {
        var decision = await Policy(o =>
        {
            o.AllowedUsers.Add("reader");
            o.TrustAllowedUsers = true;
        }).EvaluateAsync(Events.Opened("reader"), default);

        Assert.True(decision.IsAllowed);
        await _github.DidNotReceiveWithAnyArgs().GetPermissionAsync(default, default!, default, default);
    }

    [Fact]
    public async Task With_a_trigger_label_an_issue_opened_without_it_does_not_start_work()
    {
        var decision = await Policy(o => o.TriggerLabel = "codemate").EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal(PolicyOutcome.NotTriggered, decision.Outcome);
        Assert.Equal("the issue does not have the trigger label 'codemate'", decision.Reason);
    }

    [Fact]
    public async Task With_a_trigger_label_an_issue_opened_with_it_starts_work()
    {
        var decision = await Policy(o => o.TriggerLabel = "codemate").EvaluateAsync(Events.Opened("alice", null, "bug", "Codemate"), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task A_writer_adding_the_trigger_label_starts_work_on_a_strangers_issue()
    {
        var decision = await Policy(o => o.TriggerLabel = "codemate").EvaluateAsync(Events.Labeled("codemate", sender: "alice", author: "stranger"), default);

        Assert.True(decision.IsAllowed);
        await _github.Received(1).GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>());
        await _github.DidNotReceive().GetPermissionAsync(Events.Repository, "stranger", Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_reader_adding_the_trigger_label_does_not_start_work()
    {
        var decision = await Policy(o => o.TriggerLabel = "codemate").EvaluateAsync(Events.Labeled("codemate", sender: "reader", author: "alice"), default);

        Assert.Equal("reader has read permission on octo/widgets; write is required", decision.Reason);
    }

    [Fact]
    public async Task Adding_another_label_does_not_start_work()
    {
        var decision = await Policy(o => o.TriggerLabel = "codemate").EvaluateAsync(Events.Labeled("bug", sender: "alice"), default);

        Assert.Equal(PolicyOutcome.NotTriggered, decision.Outcome);
    }

    [Fact]
    public async Task Labels_start_nothing_when_no_trigger_label_is_configured()
    {
        var decision = await Policy().EvaluateAsync(Events.Labeled("codemate", sender: "alice"), default);

        Assert.Equal(PolicyOutcome.NotTriggered, decision.Outcome);
    }

    [Fact]
    public async Task With_a_trigger_label_comments_on_an_issue_without_it_are_not_forwarded()
    {
        var policy = Policy(o => o.TriggerLabel = "codemate");

        Assert.False((await policy.EvaluateAsync(Events.Comment("alice"), default)).IsAllowed);
        Assert.True((await policy.EvaluateAsync(Events.Comment("alice", "go", "codemate"), default)).IsAllowed);
    }

    [Theory]
    [InlineData("@codemate please fix the tests", true)]
    [InlineData("Thanks, @CodeMate.", true)]
    [InlineData("(@codemate)", true)]
    [InlineData("no mention here", false)]
    [InlineData("@codemate-bot do it", false)]
    [InlineData("mail me at me@codemate", false)]
    [InlineData("hidden <!-- @codemate --> mention", false)]
    public async Task With_a_mention_trigger_only_comments_that_mention_the_name_are_forwarded(string body, bool allowed)
    {
        var decision = await Policy(o => o.TriggerMention = "@codemate").EvaluateAsync(Events.Comment("alice", body), default);

        Assert.Equal(allowed, decision.IsAllowed);
    }

    [Fact]
    public async Task A_mention_from_someone_who_may_not_steer_is_not_forwarded()
    {
        var decision = await Policy(o => o.TriggerMention = "codemate").EvaluateAsync(Events.Comment("reader", "@codemate do it"), default);

        Assert.Equal(PolicyOutcome.PermissionTooLow, decision.Outcome);
    }

    [Fact]
    public async Task A_permission_is_reused_within_the_cache_duration_and_looked_up_again_after_it()
    {
        var policy = Policy(o => o.PermissionCacheDuration = TimeSpan.FromMinutes(5));

        await policy.EvaluateAsync(Events.Opened("alice"), default);
        _time.Advance(TimeSpan.FromMinutes(4));
        await policy.EvaluateAsync(Events.Comment("ALICE"), default);
        await _github.Received(1).GetPermissionAsync(Arg.Any<RepositoryName>(), Arg.Any<string>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());

        _time.Advance(TimeSpan.FromMinutes(2));
        await policy.EvaluateAsync(Events.Comment("alice"), default);
        await _github.Received(2).GetPermissionAsync(Arg.Any<RepositoryName>(), Arg.Any<string>(), Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_revoked_permission_takes_effect_once_the_cached_one_expires()
    {
        var policy = Policy(o => o.PermissionCacheDuration = TimeSpan.FromSeconds(30));
        Assert.True((await policy.EvaluateAsync(Events.Comment("alice"), default)).IsAllowed);

        Permission("alice", "read");
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.False((await policy.EvaluateAsync(Events.Comment("alice"), default)).IsAllowed);
    }

    [Fact]
    public async Task A_zero_cache_duration_looks_the_permission_up_every_time()
    {
        var policy = Policy(o => o.PermissionCacheDuration = TimeSpan.Zero);

        await policy.EvaluateAsync(Events.Comment("alice"), default);
        await policy.EvaluateAsync(Events.Comment("alice"), default);

        await _github.Received(2).GetPermissionAsync(Arg.Any<RepositoryName>(), "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_permission_lookup_GitHub_refuses_denies_with_a_clear_reason_and_is_not_cached()
    {
        _github.GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns<string>(
                _ => throw new CodemateException("GitHub refused", new Octokit.ApiException("Forbidden", System.Net.HttpStatusCode.Forbidden)),
                _ => "write");
        var policy = Policy();

        var first = await policy.EvaluateAsync(Events.Opened("alice"), default);
        var second = await policy.EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal(PolicyOutcome.PermissionUnknown, first.Outcome);
        Assert.Equal("could not look up alice's permission on octo/widgets (CodemateException); denied until it can be checked", first.Reason);
        Assert.True(second.IsAllowed);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 7003 && r.Exception is CodemateException);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_permission_lookup_GitHub_fails_to_answer_throws_so_the_event_is_tried_again_instead_of_denied(int status)
    {
        _github.GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns<string>(
                _ => throw new CodemateException("GitHub refused", new Octokit.ApiException("Server Error", (System.Net.HttpStatusCode)status)),
                _ => "write");
        var policy = Policy();

        var failure = await Assert.ThrowsAsync<GitHubUnavailableException>(() => policy.EvaluateAsync(Events.Comment("alice"), default).AsTask());
        var second = await policy.EvaluateAsync(Events.Comment("alice"), default);

        Assert.Equal($"GitHub could not look up alice's permission on octo/widgets (it answered {status}); the event is tried again later", failure.Message);
        Assert.True(second.IsAllowed);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 7009);
    }

    [Fact]
    public async Task A_permission_lookup_that_cannot_reach_GitHub_throws_so_the_event_is_tried_again()
    {
        _github.GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns<string>(_ => throw new CodemateException("Could not reach GitHub", new HttpRequestException("connection refused")));

        var failure = await Assert.ThrowsAsync<GitHubUnavailableException>(() => Policy().EvaluateAsync(Events.Opened("alice"), default).AsTask());

        Assert.EndsWith("(it could not be reached); the event is tried again later", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_requested_by_the_caller_is_not_turned_into_a_denial()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        _github.GetPermissionAsync(Arg.Any<RepositoryName>(), Arg.Any<string>(), Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new OperationCanceledException(cancellation.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Policy().EvaluateAsync(Events.Opened("alice"), cancellation.Token).AsTask());
    }

    [Fact]
    public async Task An_unknown_permission_from_GitHub_counts_as_none()
    {
        Permission("alice", "superuser");

        var decision = await Policy().EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal("alice has none permission on octo/widgets; write is required", decision.Reason);
    }

    [Fact]
    public async Task An_event_without_a_user_is_denied()
    {
        var decision = await Policy().EvaluateAsync(Events.Opened(string.Empty), default);

        Assert.Equal(PolicyOutcome.UserNotAllowed, decision.Outcome);
    }

    [Fact]
    public async Task Every_ignored_event_is_logged_with_its_reason()
    {
        await Policy().EvaluateAsync(Events.Comment("reader"), default);

        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 7002);
        Assert.Contains("octo/widgets#7", record.Message, StringComparison.Ordinal);
        Assert.Contains("d-comment", record.Message, StringComparison.Ordinal);
        Assert.Contains("reader has read permission on octo/widgets; write is required", record.Message, StringComparison.Ordinal);
    }

    private void Permission(string login, string permission) =>
        _github.GetPermissionAsync(Events.Repository, login, Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(permission);

    private TriggerPolicy Policy(Action<TriggerPolicyOptions>? configure = null)
    {
        var options = new TriggerPolicyOptions();
        configure?.Invoke(options);
        return new TriggerPolicy(_github, Options.Create(options), _time, _logger);
    }
}
