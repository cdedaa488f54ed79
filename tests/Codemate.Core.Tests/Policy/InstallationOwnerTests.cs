using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Policy;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Policy;

/// <summary>An <c>owner/*</c> entry admits a GitHub App installation only when it belongs to that owner's account.</summary>
public sealed class InstallationOwnerTests
{
    private const long OctoId = 9919;
    private readonly IGitHubApi _github = Substitute.For<IGitHubApi>();

    public InstallationOwnerTests()
    {
        _github.GetPermissionAsync(Events.Repository, "alice", Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns("write");
        _github.GetAccountAsync("octo", Arg.Any<long?>(), Arg.Any<CancellationToken>()).Returns(new GitHubAccount(OctoId, "octo"));
    }

    [Fact]
    public async Task An_installation_on_the_allowed_owners_account_is_allowed()
    {
        Installation(42, OctoId, "octo");

        var decision = await Policy("octo/*").EvaluateAsync(Events.Opened("alice"), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task An_installation_on_another_account_than_the_one_the_owner_resolved_to_is_denied()
    {
        // The login 'octo' was given up and registered again: the installation's account has the name but not the id.
        Installation(42, 777, "octo");

        var decision = await Policy("octo/*").EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal(PolicyOutcome.RepositoryNotAllowed, decision.Outcome);
        Assert.Equal($"installation 42 belongs to octo (account 777), not to the account {OctoId} that octo/* in CODEMATE_ALLOWED_REPOSITORIES was resolved to", decision.Reason);
    }

    [Fact]
    public async Task An_installation_whose_account_cannot_be_read_is_denied_and_asked_again_next_time()
    {
        _github.GetInstallationAccountAsync(42, Arg.Any<CancellationToken>())
            .Returns(_ => throw new CodemateException("GitHub refused"), _ => Task.FromResult<GitHubAccount?>(new GitHubAccount(OctoId, "octo")));
        var policy = Policy("octo/*");

        var first = await policy.EvaluateAsync(Events.Opened("alice"), default);
        var second = await policy.EvaluateAsync(Events.Opened("alice"), default);

        Assert.Equal(PolicyOutcome.RepositoryNotAllowed, first.Outcome);
        Assert.StartsWith("could not confirm that installation 42 belongs to octo", first.Reason, StringComparison.Ordinal);
        Assert.True(second.IsAllowed);
    }

    [Fact]
    public async Task A_repository_listed_by_its_own_name_is_not_checked_against_the_installation()
    {
        Installation(42, 777, "someone");

        var decision = await Policy("octo/widgets", "octo/*").EvaluateAsync(Events.Opened("alice"), default);

        Assert.True(decision.IsAllowed);
        await _github.DidNotReceiveWithAnyArgs().GetInstallationAccountAsync(default, default);
    }

    [Fact]
    public async Task A_denied_event_costs_no_installation_lookup()
    {
        var decision = await Policy("octo/*").EvaluateAsync(Events.Opened("stranger"), default);

        Assert.False(decision.IsAllowed);
        await _github.DidNotReceiveWithAnyArgs().GetInstallationAccountAsync(default, default);
    }

    [Fact]
    public async Task With_a_personal_access_token_there_is_no_installation_to_check()
    {
        _github.GetInstallationAccountAsync(42, Arg.Any<CancellationToken>()).Returns((GitHubAccount?)null);

        var decision = await Policy("octo/*").EvaluateAsync(Events.Opened("alice"), default);

        Assert.True(decision.IsAllowed);
    }

    [Fact]
    public async Task An_installation_account_is_read_once()
    {
        Installation(42, OctoId, "octo");
        var policy = Policy("octo/*");

        await policy.EvaluateAsync(Events.Opened("alice"), default);
        await policy.EvaluateAsync(Events.Opened("alice"), default);

        await _github.Received(1).GetInstallationAccountAsync(42, Arg.Any<CancellationToken>());
    }

    private void Installation(long id, long accountId, string login) =>
        _github.GetInstallationAccountAsync(id, Arg.Any<CancellationToken>()).Returns(new GitHubAccount(accountId, login));

    private TriggerPolicy Policy(params string[] repositories)
    {
        var options = new TriggerPolicyOptions();
        foreach (var entry in repositories)
        {
            options.AllowedRepositories.Add(entry);
        }

        return new TriggerPolicy(_github, Options.Create(options), new FakeTimeProvider(), new FakeLogger<TriggerPolicy>());
    }
}
