using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State.Contract;

/// <summary>
/// What every <see cref="IStateStore"/> must do, run against each implementation (SQLite, PostgreSQL). Opening a store
/// again on the same database after closing one is a restart.
/// </summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    protected static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 3);
    private static readonly IssueKey DashedOwner = Key("a-b", "c");
    private static readonly IssueKey DashedRepository = Key("a", "b-c");
    private readonly List<IStateStore> _open = [];

    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _open.ToList())
        {
            await CloseAsync(store);
        }
    }

    /// <summary>A new store on this test's database.</summary>
    protected abstract IStateStore NewStore();

    /// <summary>Writes a row into the work queue behind the store's back, as another version (or damage) would.</summary>
    protected abstract Task InsertRawWorkAsync(string issue, byte[] payload);

    /// <summary>A store on this test's database, initialized.</summary>
    protected async Task<IStateStore> OpenAsync()
    {
        var store = NewStore();
        _open.Add(store);
        await store.InitializeAsync(default);
        return store;
    }

    protected async Task CloseAsync(IStateStore store)
    {
        _open.Remove(store);
        switch (store)
        {
            case IAsyncDisposable asynchronous:
                await asynchronous.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [Fact]
    public async Task Work_enqueued_by_Codemate_and_accepted_work_share_one_order_and_messages_remember_an_attempt()
    {
        var store = await OpenAsync();
        var accepted = (await store.TryAcceptAsync("d1", Opened(), default))!;
        var own = await store.EnqueueWorkAsync(Comment("own", "queued by Codemate"), default);
        var message = await store.EnqueueMessageAsync(Issue, "typed once", default);
        await store.MarkMessageAttemptedAsync(message.Sequence, default);

        Assert.True(own.Sequence > accepted.Sequence);
        Assert.Equal([accepted.Sequence, own.Sequence], (await store.GetPendingWorkAsync(accepted.Sequence - 1, 10, default)).Select(p => p.Sequence));
        Assert.Equal([own.Sequence], (await store.GetPendingWorkAsync(accepted.Sequence, 10, default)).Select(p => p.Sequence));
        Assert.True((await store.PeekMessageAsync(Issue, default))!.Attempted);
        Assert.Equal(1, await store.CountMessagesAsync(default));
    }

    [Fact]
    public async Task A_delivery_id_seen_before_a_restart_is_a_duplicate_after_it()
    {
        var first = await OpenAsync();
        {
            Assert.NotNull(await first.TryAcceptAsync("delivery-1", Opened(), default));
        }
        await CloseAsync(first);

        var second = await OpenAsync();
        Assert.Null(await second.TryAcceptAsync("delivery-1", Opened(), default));
        Assert.NotNull(await second.TryAcceptAsync("delivery-2", Opened(), default));
    }

    [Fact]
    public async Task Accepted_work_survives_a_restart_in_order_until_completed()
    {
        var first = await OpenAsync();
        {
            await first.TryAcceptAsync("d1", Opened(), default);
            await first.TryAcceptAsync("d2", Comment("d2", "second"), default);
        }
        await CloseAsync(first);

        var second = await OpenAsync();
        var pending = await second.GetPendingWorkAsync(default);
        Assert.Equal(["d1", "d2"], pending.Select(p => p.Work.DeliveryId));
        var comment = Assert.IsType<IssueCommentCreated>(pending[1].Work);
        Assert.Equal("second", comment.Body);
        Assert.Equal(Issue, comment.Issue);

        await second.CompleteWorkAsync(pending[0].Sequence, default);
        Assert.Equal(["d2"], (await second.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
    }

    [Fact]
    public async Task Queued_messages_come_back_oldest_first_and_leave_only_when_removed()
    {
        var first = await OpenAsync();
        {
            await first.EnqueueMessageAsync(Issue, "one", default);
            await first.EnqueueMessageAsync(Issue, "two", default);
            await first.EnqueueMessageAsync(new IssueKey(Issue.Repository, 4), "other issue", default);
        }
        await CloseAsync(first);

        var second = await OpenAsync();
        var head = await second.PeekMessageAsync(Issue, default);
        Assert.Equal("one", head!.Text);
        Assert.Equal("one", (await second.PeekMessageAsync(Issue, default))!.Text);
        await second.RemoveMessageAsync(head.Sequence, default);
        Assert.Equal(["two"], (await second.GetMessagesAsync(Issue, default)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_session_record_round_trips_with_every_field()
    {
        var record = new SessionRecord
        {
            Issue = Issue,
            SessionName = "claude-octo-app-3",
            Branch = "issue-3",
            State = SessionState.Running,
            PullRequestUrl = "https://github.com/octo/app/pull/8",
            PullRequestNumber = 8,
            Workspace = "/w/octo/app/issue-3",
            InstallationId = 77,
            StatusCommentId = 1234,
            Details = new IssueDetails("T", "B", "alice", "https://github.com/octo/app/issues/3", ["bug"]),
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
            CiFixAttempts = 1,
            LastCheck = new CheckResult("build", "failure", "0123456789abcdef0123456789abcdef01234567"),
            ReviewReplies =
            [
                new ReviewReply(701, 700, "ab12", "0123456789abcdef0123456789abcdef01234567", ReviewReplyState.Delivered),
                new ReviewReply(702, 700, "cd34", null, ReviewReplyState.Posting) { Body = "<!-- codemate:reply:702 -->\nDone.", PostAttempts = 1 },
                new ReviewReply(703, 703, "ef56", null, ReviewReplyState.Replied) { ReplyId = 9_001 },
            ],
            FeedbackWaiting = [new WaitingFeedback("ci:5", FeedbackKind.FailedCheck, "ab12", Delivered: true)],
        };
        var first = await OpenAsync();
        {
            Assert.True(await first.TryCreateSessionAsync(record, default));
            Assert.False(await first.TryCreateSessionAsync(record with { State = SessionState.Failed }, default));
            await first.UpdateSessionAsync(Issue, r => r with { State = SessionState.Stopped }, default);
        }
        await CloseAsync(first);

        var second = await OpenAsync();
        var loaded = await second.GetSessionAsync(Issue, default);
        Assert.Equal(record with { State = SessionState.Stopped, Details = loaded!.Details, ReviewReplies = loaded.ReviewReplies, FeedbackWaiting = loaded.FeedbackWaiting }, loaded);
        Assert.Equal(record.Details!.Labels, loaded.Details!.Labels);
        Assert.Equal(record.ReviewReplies, loaded.ReviewReplies);
        Assert.Equal(record.FeedbackWaiting, loaded.FeedbackWaiting);
        Assert.Single(await second.GetSessionsAsync(default));
    }

    [Fact]
    public async Task Deliveries_accepted_at_the_same_time_are_each_recorded_once_and_a_repeated_id_is_a_duplicate()
    {
        var store = await OpenAsync();
        await store.InitializeAsync(default);
        var ids = Enumerable.Range(0, 200).Select(i => $"burst-{i % 150}").ToArray();

        var results = await Task.WhenAll(ids.Select(id => Task.Run(() => store.TryAcceptAsync(id, Opened(), default))));

        Assert.Equal(150, results.Count(r => r is not null));
        Assert.Equal(150, results.Where(r => r is not null).Select(r => r!.Sequence).Distinct().Count());
        var pending = await store.GetPendingWorkAsync(default);
        Assert.Equal(results.Where(r => r is not null).Select(r => r!.Sequence).Order(), pending.Select(p => p.Sequence));
        var restarted = await OpenAsync();
        Assert.All(ids.Distinct(), id => Assert.Null(restarted.TryAcceptAsync(id, Opened(), default).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task Delivery_ids_older_than_the_retention_window_are_pruned()
    {
        var store = await OpenAsync();
        await store.TryAcceptAsync("old", Opened(), default);
        Time.Advance(TimeSpan.FromDays(8));
        await store.TryAcceptAsync("new", Opened(), default);

        var pruned = await store.PruneDeliveriesAsync(Time.GetUtcNow() - TimeSpan.FromDays(7), default);

        Assert.Equal(1, pruned);
        Assert.NotNull(await store.TryAcceptAsync("old", Opened(), default));
        Assert.Null(await store.TryAcceptAsync("new", Opened(), default));
    }

    [Fact]
    public async Task Parked_work_leaves_the_queue_with_its_reason_and_a_retry_queues_it_again_behind_newer_work()
    {
        var store = await OpenAsync();
        var first = (await store.TryAcceptAsync("d1", Comment("d1", "first"), default))!;
        await store.TryAcceptAsync("d2", Comment("d2", "second"), default);
        var other = new IssueKey(RepositoryName.Create("octo", "app"), 4);
        await store.TryAcceptAsync("d3", Comment("d3", "elsewhere") with { Issue = other }, default);

        await store.ParkWorkAsync(first, attempts: 6, "tmux failed on every attempt", default);
        await store.ParkWorkAsync(first, attempts: 6, "parking twice is harmless", default);

        Assert.Equal(["d2", "d3"], (await store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
        var parked = Assert.Single(await store.GetParkedWorkAsync(default));
        Assert.Equal(new ParkedWork(first.Sequence, "octo/app#3", nameof(IssueCommentCreated), "d1", 6, "tmux failed on every attempt", Time.GetUtcNow()), parked);

        Assert.Equal(0, await store.RequeueParkedWorkAsync(other, default));
        Assert.Equal(1, await store.RequeueParkedWorkAsync(Issue, default));

        Assert.Empty(await store.GetParkedWorkAsync(default));
        var pending = await store.GetPendingWorkAsync(default);
        Assert.Equal(["d2", "d3", "d1"], pending.Select(p => p.Work.DeliveryId));
        Assert.Equal("first", Assert.IsType<IssueCommentCreated>(pending[2].Work).Body);
        Assert.True(pending[2].Sequence > pending[1].Sequence);
    }

    [Fact]
    public async Task Discarding_drops_only_the_issues_parked_work_and_leaves_the_queue_alone()
    {
        var store = await OpenAsync();
        var other = new IssueKey(RepositoryName.Create("octo", "app"), 4);
        var mine = (await store.TryAcceptAsync("d1", Comment("d1", "mine"), default))!;
        var theirs = (await store.TryAcceptAsync("d2", Comment("d2", "theirs") with { Issue = other }, default))!;
        await store.TryAcceptAsync("d3", Comment("d3", "still queued"), default);
        await store.ParkWorkAsync(mine, attempts: 6, "failed", default);
        await store.ParkWorkAsync(theirs, attempts: 6, "failed", default);

        Assert.Equal(1, await store.DiscardParkedWorkAsync(Issue, default));
        Assert.Equal(0, await store.DiscardParkedWorkAsync(Issue, default));

        Assert.Equal("octo/app#4", Assert.Single(await store.GetParkedWorkAsync(default)).Issue);
        Assert.Equal(["d3"], (await store.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
        Assert.Equal(0, await store.RequeueParkedWorkAsync(Issue, default));
    }

    [Fact]
    public async Task Work_that_cannot_be_read_back_is_parked_and_the_readable_work_behind_it_still_fills_the_page()
    {
        var store = await OpenAsync();
        {
            await store.InitializeAsync(default);
        }
        await CloseAsync(store);

        await InsertRawWorkAsync("octo/app#3", "{\"kind\":\"from_a_future_version\"}"u8.ToArray());
        await InsertRawWorkAsync("octo/app#3", "not json at all"u8.ToArray());
        var reopened = await OpenAsync();
        await reopened.TryAcceptAsync("good-1", Comment("good-1", "one"), default);
        await reopened.TryAcceptAsync("good-2", Comment("good-2", "two"), default);
        await reopened.TryAcceptAsync("good-3", Comment("good-3", "three"), default);

        var page = await reopened.GetPendingWorkAsync(afterSequence: 0, maxCount: 2, default);

        Assert.Equal(["good-1", "good-2"], page.Select(p => p.Work.DeliveryId));
        var parked = await reopened.GetParkedWorkAsync(default);
        Assert.Equal(2, parked.Count);
        Assert.All(parked, p =>
        {
            Assert.Equal(ParkedWork.Unreadable, p.Kind);
            Assert.Equal("octo/app#3", p.Issue);
            Assert.Null(p.DeliveryId);
            Assert.Equal("the stored event could not be read", p.Reason);
        });
        Assert.Equal(["good-1", "good-2", "good-3"], (await reopened.GetPendingWorkAsync(default)).Select(p => p.Work.DeliveryId));
    }

    [Fact]
    public async Task The_store_refuses_a_second_issue_under_a_name_another_issue_holds()
    {
        var store = await OpenAsync();
        await store.TryCreateSessionAsync(Record(DashedOwner, "claude-a-b-c-1"), default);

        var error = await Assert.ThrowsAsync<SessionNameTakenException>(() => store.TryCreateSessionAsync(Record(DashedRepository, "claude-a-b-c-1"), default));

        Assert.Equal("claude-a-b-c-1", error.SessionName);
        Assert.Equal(DashedOwner, (await store.GetSessionByNameAsync("claude-a-b-c-1", default))!.Issue);
        Assert.Null(await store.GetSessionAsync(DashedRepository, default));
        // The holder itself saves under its name as often as it likes.
        Assert.Equal(SessionState.Running, (await store.UpdateSessionAsync(DashedOwner, r => r with { State = SessionState.Running }, default))!.State);
    }

    [Fact]
    public async Task The_first_issue_keeps_the_original_name_and_a_colliding_one_gets_its_own()
    {
        var store = await OpenAsync();
        var first = await SessionNameAllocator.AllocateAsync(store, DashedOwner, default);
        await store.TryCreateSessionAsync(Record(DashedOwner, first), default);

        var again = await SessionNameAllocator.AllocateAsync(store, DashedOwner, default);
        var second = await SessionNameAllocator.AllocateAsync(store, DashedRepository, default);
        await store.TryCreateSessionAsync(Record(DashedRepository, second), default);

        Assert.Equal("claude-a-b-c-1", first);
        Assert.Equal(first, again);
        Assert.Equal(SessionNames.Disambiguated(DashedRepository), second);
        Assert.Equal(DashedRepository, (await store.GetSessionByNameAsync(second, default))!.Issue);
    }

    [Fact]
    public async Task Text_queued_under_a_key_is_never_queued_again_even_after_delivery_and_restart()
    {
        var first = await OpenAsync();
        {
            var queued = await first.TryEnqueueMessageAsync(Issue, "comment:5", "hello", default);
            Assert.NotNull(queued);
            Assert.Null(await first.TryEnqueueMessageAsync(Issue, "comment:5", "hello again", default));
            await first.RemoveMessageAsync(queued.Sequence, default);
        }
        await CloseAsync(first);

        var second = await OpenAsync();
        Assert.Null(await second.TryEnqueueMessageAsync(Issue, "comment:5", "hello", default));
        Assert.NotNull(await second.TryEnqueueMessageAsync(Issue, "comment:6", "next", default));
        Assert.NotNull(await second.TryEnqueueMessageAsync(new IssueKey(Issue.Repository, 4), "comment:5", "same key, other issue", default));
        Assert.Equal(["next"], (await second.GetMessagesAsync(Issue, default)).Select(m => m.Text));
    }

    [Fact]
    public async Task Text_queued_first_goes_before_the_issue_s_waiting_text_keeps_its_key_and_leaves_other_issues_alone()
    {
        var store = await OpenAsync();
        var other = new IssueKey(Issue.Repository, 4);
        await store.TryEnqueueMessageAsync(other, "comment:1", "other issue", default);
        await store.TryEnqueueMessageAsync(Issue, "comment:2", "waited for the old agent", default);
        await store.TryEnqueueMessageAsync(Issue, "comment:3", "also waited", default);

        Assert.NotNull(await store.TryEnqueueMessageFirstAsync(Issue, "issue:d", "the task", default));
        Assert.Null(await store.TryEnqueueMessageFirstAsync(Issue, "issue:d", "the task again", default));
        var onItsOwn = new IssueKey(Issue.Repository, 5);
        await store.TryEnqueueMessageFirstAsync(onItsOwn, "issue:e", "alone", default);
        await store.TryEnqueueMessageAsync(onItsOwn, "comment:4", "after it", default);
        await store.TryEnqueueMessageAsync(Issue, "comment:5", "new", default);

        Assert.Equal(["the task", "waited for the old agent", "also waited", "new"], (await store.GetMessagesAsync(Issue, default)).Select(m => m.Text));
        Assert.Equal("the task", (await store.PeekMessageAsync(Issue, default))!.Text);
        Assert.Equal(["other issue"], (await store.GetMessagesAsync(other, default)).Select(m => m.Text));
        Assert.Equal(["alone", "after it"], (await store.GetMessagesAsync(onItsOwn, default)).Select(m => m.Text));
        Assert.Equal(7, await store.CountMessagesAsync(default));
    }

    [Fact]
    public async Task Concurrent_updates_of_one_record_keep_every_change()
    {
        var store = await OpenAsync();
        await store.TryCreateSessionAsync(Record(Issue, "claude-octo-app-3"), default);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() =>
            store.UpdateSessionAsync(Issue, r => r with { LastError = (r.LastError ?? string.Empty) + "x" }, default))));

        Assert.Equal(new string('x', 50), (await store.GetSessionAsync(Issue, default))!.LastError);
        Assert.Null(await store.UpdateSessionAsync(new IssueKey(Issue.Repository, 99), r => r, default));
    }

    private static IssueKey Key(string owner, string repository) => new(RepositoryName.Create(owner, repository), 1);

    private static SessionRecord Record(IssueKey issue, string name) => new()
    {
        Issue = issue,
        SessionName = name,
        Branch = issue.Branch,
        State = SessionState.Preparing,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    private static IssueOpened Opened() => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = "d1",
        Sender = new Actor("alice", false),
    };

    private static IssueCommentCreated Comment(string deliveryId, string body) => new()
    {
        Issue = Issue,
        Details = new IssueDetails("Title", "Body", "alice", "https://github.com/octo/app/issues/3", []),
        DeliveryId = deliveryId,
        Sender = new Actor("bob", false),
        CommentId = 5,
        Body = body,
        Author = new Actor("bob", false),
    };
}
