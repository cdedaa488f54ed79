using Codemate.Sessions;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Git;
using Codemate.Testing.Webhooks;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// GitHub issue #22 against the real <c>codemate serve</c> process, where the loop around the pull request ends: the CI-fix
/// budget stops sending failures until a person speaks, a stop pushes the agent's uncommitted work as a checkpoint commit,
/// and feedback a killed agent had received no longer counts as waiting.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class PullRequestStopEndToEndTests(PullRequestServedWorld world) : IClassFixture<PullRequestServedWorld>
{
    private readonly ServedWorld _served = world.Served;

    [Fact]
    public async Task The_ci_fix_budget_keeps_a_third_failure_from_the_agent_until_a_person_asks_again()
    {
        var pull = await world.StartAsync(1);
        var log = _served.AgentLog(1);
        foreach (var id in new long[] { 9_510, 9_511, 9_512, 9_513 })
        {
            _served.World.Remote.Checks.AddJob(new DoubleJob(id, id, $"job {id}", "failure", [], $"log of {id}", []));
        }

        await SendFailureAsync(9_510, pull);
        await SendFailureAsync(9_511, pull);
        await SendFailureAsync(9_512, pull);
        await _served.World.WaitForStatusAsync(
            1,
            b => b.Contains($"has used its {PullRequestServedWorld.MaxCiFixAttempts} automatic CI-fix attempts (`CODEMATE_MAX_CI_FIX_ATTEMPTS`)", StringComparison.Ordinal),
            "the spent CI-fix budget");
        await world.SendAcceptedAsync("issue_comment", world.PullRequestComment(pull, "Try once more.", 501));
        await SendFailureAsync(9_513, pull);

        var messages = await log.WaitForMessagesAsync(5);
        Assert.Contains("log of 9510", messages[1], StringComparison.Ordinal);
        Assert.Contains("attempt 1 of 2", messages[1], StringComparison.Ordinal);
        Assert.Contains("log of 9511", messages[2], StringComparison.Ordinal);
        Assert.Contains("attempt 2 of 2", messages[2], StringComparison.Ordinal);
        Assert.Equal("Try once more.", AgentPrompts.QuotedText(messages[3]));
        Assert.Contains("log of 9513", messages[4], StringComparison.Ordinal);
        Assert.Contains("attempt 1 of 2", messages[4], StringComparison.Ordinal);
        Assert.DoesNotContain(log.Messages(), m => m.Contains("log of 9512", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stop_with_uncommitted_work_pushes_a_checkpoint_commit_to_the_issues_branch()
    {
        await world.StartAsync(2, "Start on it. [[write notes.txt]]");
        var log = _served.AgentLog(2);
        await log.WaitUntilAsync(() => log.Entries().Any(e => e.Kind == "wrote"), what: "the uncommitted file");

        await _served.CommentAsync(2, "/codemate stop", 601);

        var checkpoint = await _served.World.WaitForBranchCommitAsync(
            "issue-2", c => c.Subject.StartsWith("Codemate checkpoint: ", StringComparison.Ordinal), "the checkpoint commit");
        var repository = _served.World.GitHub.RepositoryPath(_served.Owner, _served.Repo);
        var message = await TestGit.RunAsync(repository, ["log", "-1", "--format=%B", checkpoint.Sha]);
        Assert.Contains("@bob asked to stop", message, StringComparison.Ordinal);
        Assert.EndsWith("Codemate-Checkpoint: true", message.TrimEnd(), StringComparison.Ordinal);
        Assert.StartsWith("left uncommitted by the scripted agent", await TestGit.RunAsync(repository, ["cat-file", "-p", $"{checkpoint.Sha}:notes.txt"]), StringComparison.Ordinal);
        await _served.World.WaitForStatusAsync(2, b => b.Contains("⏹️ Stopped", StringComparison.Ordinal), "the stopped session");
    }

    [Fact]
    public async Task Feedback_a_killed_agent_had_received_no_longer_counts_as_waiting_and_what_it_never_got_still_does()
    {
        var pull = await world.StartAsync(3);
        var log = _served.AgentLog(3);
        await world.SendAcceptedAsync("pull_request_review_comment", WebhookPayloads.ReviewCommentEvent(
            _served.Owner, _served.Repo, pull, "issue-3", "Look at this line. [[hold]]", "a.txt", line: 1, commentId: 701));
        await log.WaitForMessagesAsync(2);
        await world.SendAcceptedAsync("issue_comment", world.PullRequestComment(pull, "And at the tests.", 702));
        await _served.World.WaitForStatusAsync(3, b => b.Contains("Feedback waiting for the agent: 1 (1 comment)", StringComparison.Ordinal), "the comment queued behind the turn");

        // An operator kills the agent in the middle of its turn on the review comment: that turn never ends.
        var killed = await _served.World.Tmux.KillSessionAsync(SessionNames.For(_served.World.Issue(3)));
        Assert.Equal(0, killed.ExitCode);

        var status = await _served.World.WaitForStatusAsync(3, b => b.Contains("✅ Done", StringComparison.Ordinal), "the session ended");
        Assert.Contains("Feedback waiting for the agent: 1 (1 comment)", status.Body, StringComparison.Ordinal);
        Assert.Equal(2, log.Messages().Count);
    }

    private Task SendFailureAsync(long checkRun, int pull) =>
        world.SendAcceptedAsync("check_run", WebhookPayloads.CheckRunEvent(_served.Owner, _served.Repo, checkRun, $"job {checkRun}", "failure", "issue-1", pull));
}
