using System.Text.Json;
using Codemate.Configuration;
using Codemate.Issues;
using Codemate.Sessions;
using Codemate.State;
using Codemate.Testing;
using Codemate.Workflow;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State;

/// <summary>
/// Issue #21: <c>a-b/c#1</c> and <c>a/b-c#1</c> (and <c>x.y</c> and <c>x_y</c>) share the original's session name; each
/// issue's name is allocated once, stored, and unique in the store.
/// </summary>
public sealed class SessionNameTests : IDisposable
{
    private static readonly IssueKey DashedOwner = Key("a-b", "c");
    private static readonly IssueKey DashedRepository = Key("a", "b-c");
    private readonly TempDirectory _root = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Theory]
    [InlineData("a-b", "c", "a", "b-c")]
    [InlineData("octo", "x.y", "octo", "x_y")]
    public void Repositories_whose_preferred_names_collide_get_different_disambiguated_names(string owner1, string repo1, string owner2, string repo2)
    {
        var first = Key(owner1, repo1);
        var second = Key(owner2, repo2);

        Assert.Equal(SessionNames.For(first), SessionNames.For(second));
        Assert.NotEqual(SessionNames.Disambiguated(first), SessionNames.Disambiguated(second));
    }

    [Fact]
    public void A_disambiguated_name_keeps_the_preferred_one_and_adds_letters_that_no_preferred_name_ends_with()
    {
        var name = SessionNames.Disambiguated(DashedOwner);

        Assert.StartsWith(SessionNames.For(DashedOwner) + "-", name, StringComparison.Ordinal);
        Assert.Matches("^[a-z]{8}$", name[(SessionNames.For(DashedOwner).Length + 1)..]);
        Assert.Equal(SessionNames.Sanitize(name), name);
        // GitHub's names ignore case, so does the suffix: the same repository spelled otherwise gets the same one.
        Assert.EndsWith(name[^9..], SessionNames.Disambiguated(Key("A-B", "C")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_2_database_whose_records_share_a_name_is_upgraded_and_the_oldest_keeps_it()
    {
        var path = _root.Combine("state.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE sessions (issue TEXT PRIMARY KEY, state TEXT NOT NULL, data TEXT NOT NULL, created_at INTEGER NOT NULL);
                INSERT INTO sessions VALUES ($first, 'Running', $firstData, 1);
                INSERT INTO sessions VALUES ($second, 'Running', $secondData, 2);
                PRAGMA user_version = 2;
                """;
            command.Parameters.AddWithValue("$first", DashedOwner.ToString());
            command.Parameters.AddWithValue("$firstData", JsonSerializer.Serialize(Record(DashedOwner, "claude-a-b-c-1"), StateJson.Options));
            command.Parameters.AddWithValue("$second", DashedRepository.ToString());
            command.Parameters.AddWithValue("$secondData", JsonSerializer.Serialize(Record(DashedRepository, "claude-a-b-c-1"), StateJson.Options));
            command.ExecuteNonQuery();
        }

        using var store = Open();
        await store.InitializeAsync(default);

        Assert.Equal(2, (await store.GetSessionsAsync(default)).Count);
        Assert.Equal(DashedOwner, (await store.GetSessionByNameAsync("claude-a-b-c-1", default))!.Issue);
        await Assert.ThrowsAsync<SessionNameTakenException>(() => store.TryCreateSessionAsync(Record(Key("x", "y"), "claude-a-b-c-1"), default));
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

    private SqliteStateStore Open() =>
        new(Options.Create(new CodemateOptions { StatePath = _root.Combine("state.db"), WorkspacesRoot = _root.Path }), new FakeTimeProvider());
}
