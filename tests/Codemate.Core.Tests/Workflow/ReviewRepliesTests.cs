using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Workflow.Reviews;
using Codemate.Workspaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Workflow;

/// <summary>A review comment is answered in its thread once: only after it was typed into the agent, and never again, even after a restart.</summary>
public sealed class ReviewRepliesTests : IAsyncLifetime
{
    private const string Prompt = "New review comment on the pull request (#12) ...";
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 5);
    private readonly TempDirectory _root = new();
    private readonly IGitHubPullRequestsApi _github = Substitute.For<IGitHubPullRequestsApi>();
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), new FakeTimeProvider());
        await _store.InitializeAsync(CancellationToken.None);
        await new SessionLifecycle(_store).TryCreateAsync(new SessionRecord { Issue = Issue, SessionName = "s", Branch = "issue-5", State = SessionState.Preparing, PullRequestNumber = 12 }, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_comment_is_answered_in_its_thread_once_after_it_was_delivered_and_not_again_after_a_restart()
    {
        using var replies = Replies();
        await replies.TrackAsync(Comment(), Prompt, CancellationToken.None);

        Assert.False(await replies.AnswerAsync(Issue, CancellationToken.None));
        await replies.DeliveredAsync(Issue, "another message", CancellationToken.None);
        Assert.False(await replies.AnswerAsync(Issue, CancellationToken.None));
        await replies.DeliveredAsync(Issue, Prompt, CancellationToken.None);
        Assert.True(await replies.AnswerAsync(Issue, CancellationToken.None));
        Assert.False(await replies.AnswerAsync(Issue, CancellationToken.None));
        await replies.TrackAsync(Comment(), Prompt, CancellationToken.None);
        using var restarted = Replies();
        Assert.False(await restarted.AnswerAsync(Issue, CancellationToken.None));

        await _github.Received(1).ReplyToReviewCommentAsync(Issue.Repository, 12, 700, Arg.Is<string>(b => b.Contains("pushed no new commits", StringComparison.Ordinal)), null, Arg.Any<CancellationToken>());
        Assert.Equal(ReviewReplyState.Replied, Assert.Single((await _store.GetSessionAsync(Issue, CancellationToken.None))!.ReviewReplies).State);
    }

    [Fact]
    public async Task A_comment_that_never_reached_the_queue_is_forgotten()
    {
        using var replies = Replies();
        await replies.TrackAsync(Comment(), Prompt, CancellationToken.None);

        await replies.ForgetAsync(Comment(), CancellationToken.None);

        Assert.Empty((await _store.GetSessionAsync(Issue, CancellationToken.None))!.ReviewReplies);
    }

    [Fact]
    public async Task A_reply_recorded_before_a_crash_is_posted_once_by_the_next_pass()
    {
        var thread = new ThreadFake { Crash = ThreadFake.CrashPoint.BeforePosting };
        using var stopping = new CancellationTokenSource();
        thread.Stopping = stopping;
        await DeliverAsync();

        using (var crashed = Replies(thread))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed.AnswerAsync(Issue, stopping.Token));
        }

        Assert.Equal(ReviewReplyState.Posting, (await ReplyAsync()).State);
        Assert.Empty(thread.Replies);
        thread.Crash = ThreadFake.CrashPoint.None;
        using var restarted = Replies(thread);
        await restarted.PostRecordedAsync(CancellationToken.None);
        await restarted.PostRecordedAsync(CancellationToken.None);

        var posted = Assert.Single(thread.Replies);
        Assert.Equal(700, posted.Thread);
        Assert.Contains(ReviewReplyText.Marker(701), posted.Body, StringComparison.Ordinal);
        var reply = await ReplyAsync();
        Assert.Equal((ReviewReplyState.Replied, posted.Id, null), (reply.State, reply.ReplyId, reply.Body));
    }

    [Fact]
    public async Task A_reply_posted_just_before_a_crash_is_found_in_its_thread_and_not_posted_again()
    {
        var thread = new ThreadFake { Crash = ThreadFake.CrashPoint.AfterPosting };
        using var stopping = new CancellationTokenSource();
        thread.Stopping = stopping;
        await DeliverAsync();

        using (var crashed = Replies(thread))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed.AnswerAsync(Issue, stopping.Token));
        }

        Assert.Equal(ReviewReplyState.Posting, (await ReplyAsync()).State);
        thread.Crash = ThreadFake.CrashPoint.None;
        using var restarted = Replies(thread);
        await restarted.PostRecordedAsync(CancellationToken.None);

        var posted = Assert.Single(thread.Replies);
        var reply = await ReplyAsync();
        Assert.Equal((ReviewReplyState.Replied, posted.Id), (reply.State, reply.ReplyId));
    }

    [Fact]
    public async Task A_reply_github_refuses_is_tried_again_at_the_next_passes_and_given_up_after_three_attempts()
    {
        var thread = new ThreadFake { Refuse = true };
        await DeliverAsync();
        using var replies = Replies(thread);

        Assert.True(await replies.AnswerAsync(Issue, CancellationToken.None));
        Assert.Equal((ReviewReplyState.Posting, 1), ((await ReplyAsync()).State, (await ReplyAsync()).PostAttempts));
        await replies.PostRecordedAsync(CancellationToken.None);
        await replies.PostRecordedAsync(CancellationToken.None);
        await replies.PostRecordedAsync(CancellationToken.None);

        var reply = await ReplyAsync();
        Assert.Equal((ReviewReplyState.Replied, ReviewReplies.MaxPostAttempts, null), (reply.State, reply.PostAttempts, reply.ReplyId));
        Assert.Equal(ReviewReplies.MaxPostAttempts, thread.Calls);
    }

    private async Task DeliverAsync()
    {
        using var replies = Replies();
        await replies.TrackAsync(Comment(), Prompt, CancellationToken.None);
        await replies.DeliveredAsync(Issue, Prompt, CancellationToken.None);
    }

    private async Task<ReviewReply> ReplyAsync() => Assert.Single((await _store.GetSessionAsync(Issue, CancellationToken.None))!.ReviewReplies);

    private ReviewReplies Replies(IGitHubPullRequestsApi? github = null) =>
        new(_store, new SessionLifecycle(_store), Substitute.For<IGitRunner>(), github ?? _github, Codemate.Replicas.SoleReplica.Instance, NullLogger<ReviewReplies>.Instance);

    private static ReviewCommentCreated Comment() => new()
    {
        Issue = Issue,
        Details = new IssueDetails("t", "b", "alice", "u", []),
        DeliveryId = "d",
        Sender = new Actor("bob", IsBot: false),
        PullRequestNumber = 12,
        CommentId = 701,
        InReplyToId = 700,
        Body = "Fix this.",
        Author = new Actor("bob", IsBot: false),
        Location = new ReviewLocation("a.txt", 3, null, "RIGHT", null, "@@"),
    };
}
