using System.Net;
using Codemate.Configuration;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.PullRequests;

/// <summary>
/// A check that fails on Codemate's pull request reaches the agent with what it needs to fix it (job, step,
/// annotations, the end of the log) once, however often GitHub reports it, and only until the CI-fix budget is spent.
/// </summary>
public sealed class FailedCheckTests : IAsyncLifetime
{
    private const string Owner = "octo";
    private const string Name = "ci";
    private TestWorld _world = null!;
    private CodemateTestHost _host = null!;
    private PullRequestFlow _flow = null!;

    public async Task InitializeAsync()
    {
        _world = await TestWorld.CreateAsync(Owner, Name);
        _host = await _world.StartHostAsync(s => s[EnvironmentVariables.MaxCiFixAttempts] = "2");
        _flow = new PullRequestFlow(_world, _host);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task A_failed_check_run_reaches_the_agent_with_its_job_step_annotations_and_the_end_of_its_log()
    {
        var pull = await _flow.StartAsync(1);
        _world.Remote.Checks.AddJob(new DoubleJob(
            9_001, 500, "build", "failure",
            [new DoubleStep(1, "Checkout", "success"), new DoubleStep(2, "Run tests", "failure"), new DoubleStep(3, "Post checkout", "success")],
            string.Join('\n', Enumerable.Range(1, 200).Select(i => $"2024-05-01T12:00:{i % 60:00}.1234567Z noise line {i}"))
                + "\n2024-05-01T12:01:00.0000000Z \u001b[31mFAIL\u001b[0m CalculatorTests.Adds\u200B: expected 3 but was 4"
                + "\n2024-05-01T12:01:00.0000000Z ##[error]Process completed with exit code 1."
                + "\n2024-05-01T12:01:01.0000000Z Post job cleanup."
                + string.Concat(Enumerable.Range(1, 30).Select(i => $"\n2024-05-01T12:01:02.0000000Z cleanup line {i}")),
            [new DoubleAnnotation("src/Calculator.cs", 7, 7, "failure", "expected 3 but was 4", "CalculatorTests.Adds")]));

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_001, "build", "failure", "issue-1", pull));

        var prompt = (await _world.AgentLog(1).WaitForMessagesAsync(2))[1];
        Assert.StartsWith($"A check failed on the pull request (#{pull}): failure on commit 0123456789ab (https://github.com/{Owner}/{Name}/runs/9001).", prompt, StringComparison.Ordinal);
        Assert.Contains("This is automatic CI-fix attempt 1 of 2.", prompt, StringComparison.Ordinal);
        Assert.Contains("Check: build\nJob: build\nStep: Run tests\n", prompt, StringComparison.Ordinal);
        Assert.Contains("src/Calculator.cs:7 [failure] CalculatorTests.Adds: expected 3 but was 4", prompt, StringComparison.Ordinal);
        Assert.Contains("FAIL CalculatorTests.Adds: expected 3 but was 4\n##[error]Process completed with exit code 1.", prompt, StringComparison.Ordinal);
        Assert.Contains("cleanup line 2\n", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("cleanup line 4", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("noise line 100\n", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("2024-05-01T", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("\u200B", prompt, StringComparison.Ordinal);
        Assert.Contains("Find the cause, fix it on branch issue-1", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_failure_reported_twice_by_its_check_run_and_by_its_workflow_run_reaches_the_agent_once()
    {
        var pull = await _flow.StartAsync(2);
        _world.Remote.Checks.AddJob(new DoubleJob(9_002, 502, "test", "failure", [new DoubleStep(1, "dotnet test", "failure")], "boom\n##[error]exit 1", []));
        _world.Remote.Checks.AddJob(new DoubleJob(9_003, 502, "lint", "success", [], "fine", []));

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_002, "test", "failure", "issue-2", pull));
        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_002, "test", "failure", "issue-2", pull));
        await _flow.SendAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 502, "CI", "failure", "issue-2", pull));
        // Work for one issue is handled in order: once this arrives, the three reports before it were handled.
        await _flow.CommentOnPullRequestAsync(pull, "Anything else?", 201);

        var messages = await _world.AgentLog(2).WaitForMessagesAsync(3);
        Assert.StartsWith("A check failed", messages[1], StringComparison.Ordinal);
        Assert.Contains("Job: test\nStep: dotnet test", messages[1], StringComparison.Ordinal);
        Assert.Equal("Anything else?", AgentPrompts.QuotedText(messages[2]));
        Assert.Single(_world.AgentLog(2).Messages(), m => m.StartsWith("A check failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_workflow_run_sends_each_failed_job_and_successes_and_other_pull_requests_send_nothing()
    {
        var pull = await _flow.StartAsync(3);
        _world.Remote.Checks.AddJob(new DoubleJob(9_004, 503, "unit", "failure", [new DoubleStep(1, "test", "failure")], "unit broke", []));
        _world.Remote.Checks.AddJob(new DoubleJob(9_005, 503, "docs", "timed_out", [new DoubleStep(1, "build docs", "timed_out")], "docs slow", []));

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_010, "build", "success", "issue-3", pull));
        await _flow.SendIgnoredAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 510, "CI", "failure", "issue-3", pull, forkOwner: "mallory"), "no pull request from the repository itself");
        await _flow.SendIgnoredAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_011, "build", "failure", "issue-3", pullRequest: null), "no pull request from the repository itself");
        await _flow.SendIgnoredAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_012, "build", "failure", "issue-3", pull + 40), "is not the one Codemate opened");
        await _flow.SendIgnoredAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_013, "build", "failure", "feature", pull), "not a Codemate branch");
        await _flow.SendAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 503, "CI", "failure", "issue-3", pull));

        var messages = await _world.AgentLog(3).WaitForMessagesAsync(3);
        Assert.Contains("Check: CI\nJob: unit\nStep: test", messages[1], StringComparison.Ordinal);
        Assert.Contains("unit broke", messages[1], StringComparison.Ordinal);
        Assert.Contains("Check: CI\nJob: docs\nStep: build docs", messages[2], StringComparison.Ordinal);
        Assert.Contains("attempt 2 of 2", messages[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workflow_run_cancelled_by_a_failed_job_sends_that_job_and_one_cancelled_with_no_failure_sends_nothing()
    {
        var pull = await _flow.StartAsync(7);
        _world.Remote.Checks.AddJob(new DoubleJob(9_050, 550, "unit", "failure", [new DoubleStep(1, "test", "failure")], "unit broke first", []));
        _world.Remote.Checks.AddJob(new DoubleJob(9_051, 550, "integration", "cancelled", [], "cancelled by fail-fast", []));
        _world.Remote.Checks.AddJob(new DoubleJob(9_052, 551, "unit", "cancelled", [], "cancelled by a person", []));

        await _flow.SendAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 551, "CI", "cancelled", "issue-7", pull));
        await _flow.SendAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 550, "CI", "cancelled", "issue-7", pull));
        // Work for one issue is handled in order: once this arrives, the runs before it were handled.
        await _flow.CommentOnPullRequestAsync(pull, "Anything else?", 701);

        var messages = await _world.AgentLog(7).WaitForMessagesAsync(3);
        Assert.Contains("Check: CI\nJob: unit\nStep: test", messages[1], StringComparison.Ordinal);
        Assert.Contains("unit broke first", messages[1], StringComparison.Ordinal);
        Assert.Equal("Anything else?", AgentPrompts.QuotedText(messages[2]));
        Assert.DoesNotContain(_world.AgentLog(7).Messages(), m => m.Contains("cancelled by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_ci_fix_budget_stops_sending_failures_until_someone_who_may_steer_speaks_again()
    {
        var pull = await _flow.StartAsync(4);
        foreach (var id in new long[] { 9_020, 9_021, 9_022, 9_023 })
        {
            _world.Remote.Checks.AddJob(new DoubleJob(id, id, $"job {id}", "failure", [], $"log of {id}", []));
        }

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_020, "job 9020", "failure", "issue-4", pull));
        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_021, "job 9021", "failure", "issue-4", pull));
        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_022, "job 9022", "failure", "issue-4", pull));

        await _world.WaitForStatusAsync(4, b => b.Contains("has used its 2 automatic CI-fix attempts", StringComparison.Ordinal), "the spent budget");
        await _flow.CommentOnPullRequestAsync(pull, "Try once more.", 401);
        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_023, "job 9023", "failure", "issue-4", pull));

        var messages = await _world.AgentLog(4).WaitForMessagesAsync(5);
        Assert.Contains("log of 9020", messages[1], StringComparison.Ordinal);
        Assert.Contains("log of 9021", messages[2], StringComparison.Ordinal);
        Assert.Equal("Try once more.", AgentPrompts.QuotedText(messages[3]));
        Assert.Contains("log of 9023", messages[4], StringComparison.Ordinal);
        Assert.Contains("attempt 1 of 2", messages[4], StringComparison.Ordinal);
        Assert.DoesNotContain(_world.AgentLog(4).Messages(), m => m.Contains("log of 9022", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_status_comment_shows_the_last_check_and_the_ci_fix_attempts_used_and_a_success_only_updates_it()
    {
        var pull = await _flow.StartAsync(5);
        _world.Remote.Checks.AddJob(new DoubleJob(9_030, 9_030, "build", "failure", [], "broke", []));

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_030, "build", "failure", "issue-5", pull));
        await _world.WaitForStatusAsync(5, b => b.Contains("Last check: ❌ `build` failure on `0123456` · CI-fix attempts: 1 of 2", StringComparison.Ordinal), "the failed check");
        await _flow.SendAsync("workflow_run", WebhookPayloads.WorkflowRunEvent(Owner, Name, 530, "CI", "success", "issue-5", pull));

        var status = await _world.WaitForStatusAsync(5, b => b.Contains("Last check: ✅ `CI` success", StringComparison.Ordinal), "the passed check");
        Assert.Contains("CI-fix attempts: 1 of 2", status.Body, StringComparison.Ordinal);
        Assert.Equal(2, (await _world.AgentLog(5).WaitForMessagesAsync(2)).Count);
    }

    [Fact]
    public async Task A_failure_on_a_commit_the_agent_has_pushed_past_is_not_sent()
    {
        var pull = await _flow.StartAsync(6);
        var old = (await _world.GitHub.GetBranchAsync(Owner, Name, "issue-6"))!;
        _world.Remote.Checks.AddJob(new DoubleJob(9_040, 9_040, "build", "failure", [], "old failure", []));
        await _flow.CommentOnPullRequestAsync(pull, "Go on. [[commit next.txt]]", 601);
        // Counted from what Codemate recorded of its push, so it knows the new head once this shows.
        await _world.WaitForStatusAsync(6, b => b.Contains("Commits pushed: 1", StringComparison.Ordinal), "the agent's commit pushed");

        await _flow.SendAsync("check_run", WebhookPayloads.CheckRunEvent(Owner, Name, 9_040, "build", "failure", "issue-6", pull, headSha: old));
        // Work for one issue is handled in order: once this arrives, the failure before it was handled.
        await _flow.CommentOnPullRequestAsync(pull, "Anything else?", 602);

        var messages = await _world.AgentLog(6).WaitForMessagesAsync(3);
        Assert.Equal("Anything else?", AgentPrompts.QuotedText(messages[2]));
        Assert.DoesNotContain(_world.AgentLog(6).Messages(), m => m.Contains("old failure", StringComparison.Ordinal));
    }
}
