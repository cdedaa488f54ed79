using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.State;

/// <summary>
/// A SQLite state file in a temporary folder, for tests that open the store on it and also read or change the file
/// behind the store's back (an older schema, a corrupt row). Disposing clears the connection pools and the folder.
/// </summary>
internal sealed class StateDatabase : IDisposable
{
    private readonly TempDirectory _root = new();

    public StateDatabase(DateTimeOffset? now = null) =>
        Time = new FakeTimeProvider(now ?? DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public FakeTimeProvider Time { get; }

    public string Path => _root.Combine("state.db");

    public SqliteStateStore Open() =>
        new(Options.Create(new CodemateOptions { StatePath = Path, WorkspacesRoot = _root.Path }), Time);

    public void Execute(string sql)
    {
        using var connection = Connect(SqliteOpenMode.ReadWriteCreate);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of every row <paramref name="sql"/> selects, in order.</summary>
    public List<T> Query<T>(string sql)
    {
        using var connection = Connect(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    private SqliteConnection Connect(SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
