using Codemate.Issues;
using Codemate.State;
using Codemate.Workflow.Checks;
using Codemate.Workspaces;
using NSubstitute;

namespace Codemate.Core.Tests.Workflow;

public sealed class CheckHeadsTests
{
    private const string Checked = "1111111111111111111111111111111111111111";
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 4);
    private readonly IGitRunner _git = Substitute.For<IGitRunner>();

    [Fact]
    public async Task A_failure_whose_pull_request_head_in_the_payload_is_another_commit_is_stale()
    {
        Assert.True(await new CheckHeads(_git).IsStaleAsync(Failure("2222222222222222222222222222222222222222"), Record(), CancellationToken.None));
        await _git.DidNotReceiveWithAnyArgs().RunAsync(default!, default);
    }

    [Fact]
    public async Task A_failure_on_the_pull_requests_head_or_a_checked_commit_that_is_not_a_commit_id_is_not_stale()
    {
        Assert.False(await new CheckHeads(_git).IsStaleAsync(Failure(Checked), Record(), CancellationToken.None));
        Assert.False(await new CheckHeads(_git).IsStaleAsync(Failure("2222222222222222222222222222222222222222") with { HeadSha = "--output=/tmp/x" }, Record(), CancellationToken.None));
    }

    private static CheckFailed Failure(string? pullRequestHead) => new()
    {
        Issue = Issue,
        Details = new IssueDetails("t", "b", "alice", "u", []),
        DeliveryId = "d",
        Sender = new Actor("github-actions[bot]", IsBot: true),
        PullRequestNumber = 12,
        Name = "build",
        Conclusion = "failure",
        HeadSha = Checked,
        PullRequestHeadSha = pullRequestHead,
    };

    private static SessionRecord Record() => new() { Issue = Issue, SessionName = "s", Branch = "issue-4", State = SessionState.Running };
}
