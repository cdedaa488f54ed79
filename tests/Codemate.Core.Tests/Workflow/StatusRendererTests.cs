using Codemate.Workflow.Status;

namespace Codemate.Core.Tests.Workflow;

public sealed class StatusRendererTests
{
    private static readonly IssueStatus Working = new(StatusPhase.Working)
    {
        PullRequestUrl = "https://github.com/octo/app/pull/31",
        PullRequestNumber = 31,
        Branch = "issue-7",
        Commits = 2,
    };

    [Fact]
    public void The_same_status_always_renders_the_same_text_so_nothing_is_edited_without_a_change()
    {
        Assert.Equal(StatusRenderer.Render(Working), StatusRenderer.Render(Working with { }));
        Assert.NotEqual(StatusRenderer.Render(Working), StatusRenderer.Render(Working with { Phase = StatusPhase.Waiting }));
    }

    [Fact]
    public void A_working_status_links_the_draft_pull_request_and_the_branch_and_counts_the_commits()
    {
        var text = StatusRenderer.Render(Working);

        Assert.StartsWith(StatusRenderer.Marker, text, StringComparison.Ordinal);
        Assert.Contains("The agent is working", text, StringComparison.Ordinal);
        Assert.Contains("[#31](https://github.com/octo/app/pull/31)", text, StringComparison.Ordinal);
        Assert.Contains("`issue-7`", text, StringComparison.Ordinal);
        Assert.Contains("Commits pushed: 2", text, StringComparison.Ordinal);
        Assert.Contains("/codemate stop", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_start_shows_the_agent_screen_in_a_fence_its_backticks_cannot_close()
    {
        var text = StatusRenderer.Render(new IssueStatus(StatusPhase.Failed)
        {
            Reason = "the agent exited before it received its task.",
            AgentScreen = "Error: bad key\n```\n**not bold**",
        });

        Assert.Contains("Failed", text, StringComparison.Ordinal);
        Assert.Contains("Reason: the agent exited before it received its task.", text, StringComparison.Ordinal);
        Assert.Contains("````text\nError: bad key\n```\n**not bold**\n````", text, StringComparison.Ordinal);
        Assert.DoesNotContain("agent's screen", StatusRenderer.Render(Working), StringComparison.Ordinal);
    }

    [Fact]
    public void A_queued_status_shows_its_position()
    {
        Assert.Contains("Queued (position 3)", StatusRenderer.Render(new IssueStatus(StatusPhase.Queued) { QueuePosition = 3 }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_status_says_why_and_what_to_do()
    {
        var text = StatusRenderer.Render(new IssueStatus(StatusPhase.Failed) { Reason = "Codemate could not start the agent (tmux failed)." });

        Assert.Contains("Failed", text, StringComparison.Ordinal);
        Assert.Contains("Reason: Codemate could not start the agent (tmux failed).", text, StringComparison.Ordinal);
        Assert.Contains("/codemate retry", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_status_says_why_and_that_the_workspace_is_kept()
    {
        var text = StatusRenderer.Render(new IssueStatus(StatusPhase.Stopped) { Reason = "the agent waited for input for 60 minutes." });

        Assert.Contains("Stopped", text, StringComparison.Ordinal);
        Assert.Contains("waited for input for 60 minutes", text, StringComparison.Ordinal);
        Assert.Contains("workspace is kept", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_ends_without_commits_says_so_and_one_marked_ready_says_that()
    {
        Assert.Contains("made no commits", StatusRenderer.Render(new IssueStatus(StatusPhase.Done) { Commits = 0 }), StringComparison.Ordinal);
        Assert.Contains("ready for review", StatusRenderer.Render(new IssueStatus(StatusPhase.Done) { Commits = 1, MarkedReadyForReview = true }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_is_shown_on_one_line()
    {
        Assert.Contains("> dropped\ttwo", StatusRenderer.Render(Working with { Note = "dropped\ttwo" }), StringComparison.Ordinal);
        Assert.Contains("> a b", StatusRenderer.Render(Working with { Note = "a\nb" }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pull_request_line_shows_all_feedback_waiting_by_kind_the_last_check_and_the_ci_fix_attempts_used()
    {
        var waiting = new Dictionary<Codemate.State.FeedbackKind, int>
        {
            [Codemate.State.FeedbackKind.FailedCheck] = 1,
            [Codemate.State.FeedbackKind.ReviewComment] = 2,
            [Codemate.State.FeedbackKind.Comment] = 1,
            [Codemate.State.FeedbackKind.Review] = 1,
        };
        var text = StatusRenderer.Render(Working with
        {
            PullRequest = new PullRequestState(waiting, new Codemate.State.CheckResult("build `x`", "failure", "0123456789abcdef0123456789abcdef01234567"), 1, 3),
        });

        Assert.Contains("Feedback waiting for the agent: 5 (1 comment, 2 review comments, 1 review, 1 failed check) · Last check: ❌ `build 'x'` failure on `0123456` · CI-fix attempts: 1 of 3", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pull_request_with_nothing_reviewed_or_checked_adds_no_line_and_a_success_shows_no_budget()
    {
        Assert.Equal(StatusRenderer.Render(Working), StatusRenderer.Render(Working with { PullRequest = new PullRequestState(new Dictionary<Codemate.State.FeedbackKind, int>(), null, 0, 3) }));

        var passed = StatusRenderer.Render(Working with { PullRequest = new PullRequestState(new Dictionary<Codemate.State.FeedbackKind, int>(), new Codemate.State.CheckResult("CI", "success", "abcdef0123456789abcdef0123456789abcdef01"), 0, 3) });

        Assert.Contains("Last check: ✅ `CI` success on `abcdef0`", passed, StringComparison.Ordinal);
        Assert.DoesNotContain("CI-fix attempts", passed, StringComparison.Ordinal);
    }
}
