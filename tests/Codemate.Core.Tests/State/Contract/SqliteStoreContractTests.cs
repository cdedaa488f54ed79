using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Codemate.Core.Tests.State.Contract;

/// <summary>The store contract against the SQLite store, on a file in a temporary directory.</summary>
public sealed class SqliteStoreContractTests : StateStoreContract
{
    private readonly TempDirectory _root = new();

    private string DatabasePath => _root.Combine("state.db");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    protected override IStateStore NewStore() =>
        new SqliteStateStore(Options.Create(new CodemateOptions { StatePath = DatabasePath, WorkspacesRoot = _root.Path }), Time);

    protected override async Task InsertRawWorkAsync(string issue, byte[] payload)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO work (issue, payload, created_at) VALUES ($issue, $payload, 0)";
        insert.Parameters.AddWithValue("$issue", issue);
        insert.Parameters.AddWithValue("$payload", payload);
        await insert.ExecuteNonQueryAsync();
    }
}
