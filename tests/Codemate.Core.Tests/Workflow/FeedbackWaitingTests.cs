using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Workflow;
using Codemate.Workflow.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.Workflow;

/// <summary>
/// Pull request feedback is followed from when it is queued until the agent's next idle after it was typed in, once per key,
/// and counts as waiting until it is typed in.
/// </summary>
public sealed class FeedbackWaitingTests : IAsyncLifetime
{
    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 5);
    private readonly TempDirectory _root = new();
    private SqliteStateStore _store = null!;
    private FeedbackWaiting _waiting = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), new FakeTimeProvider());
        await _store.InitializeAsync(CancellationToken.None);
        var lifecycle = new SessionLifecycle(_store);
        await lifecycle.TryCreateAsync(new SessionRecord { Issue = Issue, SessionName = "s", Branch = "issue-5", State = SessionState.Preparing, PullRequestNumber = 12 }, CancellationToken.None);
        _waiting = new FeedbackWaiting(_store, lifecycle);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_kind_of_pull_request_feedback_waits_until_the_agent_answered_it_and_issue_comments_never_count()
    {
        await _waiting.EnqueueAsync(Issue, new AgentMessage("comment:1", "on the issue"), CancellationToken.None);
        await _waiting.EnqueueAsync(Issue, new AgentMessage("comment:2", "on the pull request", FeedbackKind.Comment), CancellationToken.None);
        await _waiting.EnqueueAsync(Issue, new AgentMessage("review-comment:3", "a line", FeedbackKind.ReviewComment), CancellationToken.None);
        await _waiting.EnqueueAsync(Issue, new AgentMessage("review:4", "a review", FeedbackKind.Review), CancellationToken.None);
        await _waiting.EnqueueAsync(Issue, new AgentMessage("ci:5", "a failure", FeedbackKind.FailedCheck), CancellationToken.None);
        Assert.Equal([FeedbackKind.Comment, FeedbackKind.ReviewComment, FeedbackKind.Review, FeedbackKind.FailedCheck], (await WaitingAsync()).Select(f => f.Kind));
        Assert.Equal(5, (await _store.GetMessagesAsync(Issue, CancellationToken.None)).Count);

        await _waiting.DeliveredAsync(Issue, "on the pull request", CancellationToken.None);
        await _waiting.DeliveredAsync(Issue, "a line", CancellationToken.None);
        Assert.True(await _waiting.AnsweredAsync(Issue, CancellationToken.None));
        Assert.False(await _waiting.AnsweredAsync(Issue, CancellationToken.None));

        Assert.Equal(["review:4", "ci:5"], (await WaitingAsync()).Select(f => f.Key));
    }

    [Fact]
    public async Task Feedback_delivered_again_after_it_was_answered_neither_reaches_the_agent_nor_counts_again()
    {
        await _waiting.EnqueueAsync(Issue, new AgentMessage("ci:7", "a failure", FeedbackKind.FailedCheck), CancellationToken.None);
        await _waiting.DeliveredAsync(Issue, "a failure", CancellationToken.None);
        await _waiting.AnsweredAsync(Issue, CancellationToken.None);

        Assert.Null(await _waiting.EnqueueAsync(Issue, new AgentMessage("ci:7", "a failure", FeedbackKind.FailedCheck), CancellationToken.None));
        Assert.NotNull(await _waiting.EnqueueAsync(Issue, new AgentMessage("ci:8", "another", FeedbackKind.FailedCheck), CancellationToken.None));
        Assert.Null(await _waiting.EnqueueAsync(Issue, new AgentMessage("ci:8", "another", FeedbackKind.FailedCheck), CancellationToken.None));

        Assert.Equal(["ci:8"], (await WaitingAsync()).Select(f => f.Key));
    }

    [Fact]
    public async Task Feedback_typed_into_an_agent_whose_turn_never_ends_no_longer_counts_as_waiting()
    {
        await _waiting.EnqueueAsync(Issue, new AgentMessage("review-comment:9", "a line", FeedbackKind.ReviewComment), CancellationToken.None);
        await _waiting.EnqueueAsync(Issue, new AgentMessage("comment:10", "queued behind it", FeedbackKind.Comment), CancellationToken.None);

        Assert.True(await _waiting.DeliveredAsync(Issue, "a line", CancellationToken.None));
        Assert.False(await _waiting.DeliveredAsync(Issue, "a line", CancellationToken.None));

        // The session is killed before its agent goes idle: only what never reached it still waits.
        var pull = PullRequestState.From((await _store.GetSessionAsync(Issue, CancellationToken.None))!, maxCiFixAttempts: 3);
        Assert.Equal(new Dictionary<FeedbackKind, int> { [FeedbackKind.Comment] = 1 }, pull.FeedbackWaiting);
    }

    private async Task<IReadOnlyList<WaitingFeedback>> WaitingAsync() => (await _store.GetSessionAsync(Issue, CancellationToken.None))!.FeedbackWaiting;
}
