using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State;

/// <summary>
/// Issue #21: every state change goes through <see cref="SessionLifecycle"/>, along the documented transitions only,
/// by compare-and-set on the stored state, against the real SQLite store.
/// </summary>
public sealed class SessionTransitionTests : IDisposable
{
    // Written out here rather than read from SessionTransitions, so a change to the table has to change this too.
    private static readonly HashSet<string> Documented =
    [
        "Queued>Preparing", "Queued>Stopped",
        "Preparing>Running", "Preparing>Failed", "Preparing>Stopped",
        "Running>Done", "Running>Failed", "Running>Stopped", "Running>Preparing",
        "Failed>Queued", "Failed>Preparing", "Failed>AwaitingVouch", "Failed>Stopped",
        "Stopped>Queued", "Stopped>Preparing", "Stopped>AwaitingVouch",
        "Done>Queued", "Done>Preparing", "Done>AwaitingVouch", "Done>Stopped",
        "AwaitingVouch>Queued", "AwaitingVouch>Preparing", "AwaitingVouch>Stopped",
    ];

    private static readonly IssueKey Issue = new(RepositoryName.Create("octo", "app"), 5);
    private readonly TempDirectory _root = new();
    private readonly SqliteStateStore _store;
    private readonly SessionLifecycle _lifecycle;

    public SessionTransitionTests()
    {
        _store = new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), new FakeTimeProvider());
        _lifecycle = new SessionLifecycle(_store);
    }

    public static TheoryData<SessionState, SessionState> EveryPair()
    {
        var data = new TheoryData<SessionState, SessionState>();
        foreach (var from in Enum.GetValues<SessionState>())
        {
            foreach (var to in Enum.GetValues<SessionState>())
            {
                if (from != to)
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task A_documented_transition_moves_the_record_and_any_other_is_refused_unchanged(SessionState from, SessionState to)
    {
        await _store.TryCreateSessionAsync(Record(from), default);

        if (Documented.Contains($"{from}>{to}"))
        {
            var moved = await _lifecycle.TryTransitionAsync(Issue, from, to, r => r with { LastError = "moved" }, default);
            Assert.Equal(to, moved!.State);
            Assert.Equal("moved", (await _store.GetSessionAsync(Issue, default))!.LastError);
        }
        else
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _lifecycle.TryTransitionAsync(Issue, from, to, r => r with { LastError = "moved" }, default));
            var stored = await _store.GetSessionAsync(Issue, default);
            Assert.Equal(from, stored!.State);
            Assert.Null(stored.LastError);
        }
    }

    [Fact]
    public async Task A_transition_from_a_state_the_record_is_no_longer_in_writes_nothing()
    {
        await _store.TryCreateSessionAsync(Record(SessionState.Stopped), default);

        Assert.Null(await _lifecycle.TryTransitionAsync(Issue, SessionState.Preparing, SessionState.Running, r => r with { LastError = "late" }, default));

        var stored = await _store.GetSessionAsync(Issue, default);
        Assert.Equal(SessionState.Stopped, stored!.State);
        Assert.Null(stored.LastError);
    }

    [Fact]
    public async Task Of_two_writers_racing_out_of_one_state_exactly_one_wins()
    {
        for (var round = 0; round < 20; round++)
        {
            var issue = Issue with { Number = 100 + round };
            await _store.TryCreateSessionAsync(Record(SessionState.Preparing) with { Issue = issue, SessionName = $"s-{round}" }, default);
            using var start = new ManualResetEventSlim();

            var results = await Task.WhenAll(
                Task.Run(() => { start.Wait(); return _lifecycle.TryTransitionAsync(issue, SessionState.Preparing, SessionState.Running, r => r, default); }),
                Task.Run(() => { start.Wait(); return _lifecycle.TryTransitionAsync(issue, SessionState.Preparing, SessionState.Stopped, r => r with { LastError = "stopped" }, default); }),
                Task.Run(() => { start.Set(); return Task.FromResult<SessionRecord?>(null); }));

            var winner = Assert.Single(results, r => r is not null)!;
            Assert.Equal(winner.State, (await _store.GetSessionAsync(issue, default))!.State);
        }
    }

    [Fact]
    public async Task Concurrent_field_changes_and_a_transition_keep_every_change()
    {
        await _store.TryCreateSessionAsync(Record(SessionState.Preparing), default);

        await Task.WhenAll(
            Task.Run(() => _lifecycle.UpdateAsync(Issue, r => r with { StatusCommentId = 77 }, default)),
            Task.Run(() => _lifecycle.UpdateAsync(Issue, r => r with { Workspace = "/w/octo/app/issue-5" }, default)),
            Task.Run(() => _lifecycle.UpdateAsync(Issue, r => r with { PullRequestNumber = 9 }, default)),
            Task.Run(() => _lifecycle.TryTransitionAsync(Issue, SessionState.Preparing, SessionState.Running, r => r, default)));

        var stored = await _store.GetSessionAsync(Issue, default);
        Assert.Equal(SessionState.Running, stored!.State);
        Assert.Equal(77, stored.StatusCommentId);
        Assert.Equal("/w/octo/app/issue-5", stored.Workspace);
        Assert.Equal(9, stored.PullRequestNumber);
    }

    [Fact]
    public async Task The_status_comment_id_and_the_session_name_once_given_are_kept()
    {
        await _store.TryCreateSessionAsync(Record(SessionState.Running), default);
        await _lifecycle.UpdateAsync(Issue, r => r with { StatusCommentId = 42 }, default);

        await _lifecycle.UpdateAsync(Issue, r => r with { StatusCommentId = null, SessionName = "claude-other-1" }, default);
        await _lifecycle.TryTransitionAsync(Issue, SessionState.Running, SessionState.Done, r => r with { StatusCommentId = 43 }, default);

        var stored = await _store.GetSessionAsync(Issue, default);
        Assert.Equal(42, stored!.StatusCommentId);
        Assert.Equal("claude-octo-app-5", stored.SessionName);
    }

    [Fact]
    public async Task A_field_change_that_changes_the_state_is_refused()
    {
        await _store.TryCreateSessionAsync(Record(SessionState.Running), default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => _lifecycle.UpdateAsync(Issue, r => r with { State = SessionState.Done }, default));

        Assert.Equal(SessionState.Running, (await _store.GetSessionAsync(Issue, default))!.State);
    }

    [Theory]
    [InlineData(SessionState.Running)]
    [InlineData(SessionState.Done)]
    [InlineData(SessionState.Failed)]
    [InlineData(SessionState.Stopped)]
    public async Task Work_never_starts_out_in_a_state_it_can_only_reach(SessionState state)
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _lifecycle.TryCreateAsync(Record(state), default));

        Assert.Null(await _store.GetSessionAsync(Issue, default));
    }

    [Fact]
    public async Task A_second_first_record_is_not_saved()
    {
        Assert.True(await _lifecycle.TryCreateAsync(Record(SessionState.Preparing), default));
        Assert.False(await _lifecycle.TryCreateAsync(Record(SessionState.Queued) with { LastError = "second" }, default));

        var stored = await _store.GetSessionAsync(Issue, default);
        Assert.Equal(SessionState.Preparing, stored!.State);
        Assert.Null(stored.LastError);
    }

    private static SessionRecord Record(SessionState state) => new()
    {
        Issue = Issue,
        SessionName = "claude-octo-app-5",
        Branch = "issue-5",
        State = state,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
