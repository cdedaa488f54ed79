using System.Text;
using System.Text.Json;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>Only a pull request from the repository itself can be Codemate's; one from a fork is ignored at the door.</summary>
public sealed class PullRequestRoutingTests
{
    [Fact]
    public void A_closed_pull_request_from_a_branch_of_the_repository_becomes_work_that_carries_its_number()
    {
        var routed = Route(WebhookPayloads.PullRequestEvent("closed", "octo", "app", 12, "issue-4", merged: true));

        var work = Assert.IsType<PullRequestClosed>(routed.Work);
        Assert.Equal(4, work.Issue.Number);
        Assert.Equal(12, work.PullRequestNumber);
        Assert.True(work.Merged);
    }

    [Fact]
    public void A_closed_pull_request_from_a_fork_on_a_branch_named_like_codemates_is_ignored_with_the_reason()
    {
        var routed = Route(WebhookPayloads.PullRequestEvent("closed", "octo", "app", 12, "issue-4", forkOwner: "mallory"));

        Assert.Null(routed.Work);
        Assert.Null(routed.Error);
        Assert.Contains("comes from mallory/app, not from octo/app", routed.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_pull_request_whose_fork_was_deleted_is_ignored()
    {
        var routed = Route(WebhookPayloads.PullRequestEvent("closed", "octo", "app", 12, "issue-4", forkDeleted: true));

        Assert.Null(routed.Work);
        Assert.Contains("deleted fork", routed.IgnoredBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_request_work_recorded_before_it_carried_a_number_still_reads_without_one()
    {
        var current = Assert.IsType<PullRequestClosed>(Route(WebhookPayloads.PullRequestEvent("closed", "octo", "app", 12, "issue-4")).Work);
        var old = JsonSerializer.SerializeToNode<IssueWork>(current, StateJson.Options)!.AsObject();
        Assert.True(old.Remove("pullRequestNumber"));

        var work = Assert.IsType<PullRequestClosed>(JsonSerializer.Deserialize<IssueWork>(old, StateJson.Options));

        Assert.Null(work.PullRequestNumber);
    }

    private static RoutedEvent Route(string payload)
    {
        var json = Encoding.UTF8.GetBytes(payload);
        return EventRouter.Route("pull_request", PayloadScan.Read(json, 64), json, "d1");
    }
}
