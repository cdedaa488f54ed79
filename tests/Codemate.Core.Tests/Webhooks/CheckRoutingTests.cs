using System.Text;
using Codemate.Issues;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>
/// Only a failed check (for the agent) or a passed one (for the status comment) on a pull request from a Codemate branch
/// of the repository itself becomes work.
/// </summary>
public sealed class CheckRoutingTests
{
    [Theory]
    [InlineData("failure")]
    [InlineData("timed_out")]
    public void A_failed_check_run_on_a_codemate_pull_request_becomes_work_for_its_issue(string conclusion)
    {
        var work = Assert.IsType<CheckFailed>(Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", conclusion, "issue-4", 12, "Tests failed", "2 of 10")).Work);

        Assert.Equal((4, 12, 77L, "build", conclusion), (work.Issue.Number, work.PullRequestNumber, work.CheckRunId!.Value, work.Name, work.Conclusion));
        Assert.Equal(("Tests failed", "2 of 10"), (work.Title, work.Summary));
        Assert.Null(work.WorkflowRunId);
    }

    [Fact]
    public void A_failed_workflow_run_becomes_work_that_names_the_run()
    {
        var work = Assert.IsType<CheckFailed>(Route("workflow_run", WebhookPayloads.WorkflowRunEvent("octo", "app", 501, "CI", "failure", "issue-4", 12)).Work);

        Assert.Equal((501L, "CI", 12), (work.WorkflowRunId!.Value, work.Name, work.PullRequestNumber));
        Assert.Null(work.CheckRunId);
    }

    [Fact]
    public void A_passed_check_becomes_work_for_the_status_comment_with_the_commit_it_checked()
    {
        var work = Assert.IsType<CheckPassed>(Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", "success", "issue-4", 12)).Work);

        Assert.Equal((4, 12, "build", "0123456789abcdef0123456789abcdef01234567"), (work.Issue.Number, work.PullRequestNumber, work.Name, work.HeadSha));
    }

    [Fact]
    public void A_failure_carries_the_pull_requests_head_as_the_payload_lists_it()
    {
        var work = Assert.IsType<CheckFailed>(Route("workflow_run", WebhookPayloads.WorkflowRunEvent("octo", "app", 501, "CI", "failure", "issue-4", 12)).Work);

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", work.PullRequestHeadSha);
    }

    [Fact]
    public void A_cancelled_workflow_run_is_read_as_a_possible_failure_and_a_cancelled_check_run_is_ignored()
    {
        var work = Assert.IsType<CheckFailed>(Route("workflow_run", WebhookPayloads.WorkflowRunEvent("octo", "app", 501, "CI", "cancelled", "issue-4", 12)).Work);

        Assert.Equal(("cancelled", 501L), (work.Conclusion, work.WorkflowRunId));
        Assert.Contains("only failures", Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", "cancelled", "issue-4", 12)).IgnoredBecause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cancelled", "only failures")]
    [InlineData("neutral", "only failures")]
    public void A_check_that_did_not_fail_is_ignored(string conclusion, string reason) =>
        Assert.Contains(reason, Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", conclusion, "issue-4", 12)).IgnoredBecause, StringComparison.Ordinal);

    [Fact]
    public void Failures_on_other_branches_without_a_pull_request_or_from_a_fork_are_ignored()
    {
        Assert.Contains("not a Codemate branch", Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", "failure", "main", 12)).IgnoredBecause, StringComparison.Ordinal);
        Assert.Contains("no pull request", Route("check_run", WebhookPayloads.CheckRunEvent("octo", "app", 77, "build", "failure", "issue-4", null)).IgnoredBecause, StringComparison.Ordinal);
        Assert.Contains("no pull request", Route("workflow_run", WebhookPayloads.WorkflowRunEvent("octo", "app", 501, "CI", "failure", "issue-4", 12, forkOwner: "mallory")).IgnoredBecause, StringComparison.Ordinal);
    }

    private static RoutedEvent Route(string @event, string payload)
    {
        var json = Encoding.UTF8.GetBytes(payload);
        return EventRouter.Route(@event, PayloadScan.Read(json, 64), json, "d1");
    }
}
