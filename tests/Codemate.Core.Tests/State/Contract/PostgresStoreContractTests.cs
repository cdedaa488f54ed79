using Codemate.Configuration;
using Codemate.State;
using Codemate.State.Postgres;
using Codemate.Testing.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Codemate.Core.Tests.State.Contract;

/// <summary>The store contract against a real PostgreSQL: a database of its own on the test run's server.</summary>
public sealed class PostgresStoreContractTests : StateStoreContract
{
    private string _connectionString = string.Empty;

    public override async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _connectionString = await server.CreateDatabaseAsync();
    }

    protected override IStateStore NewStore() =>
        new PostgresStateStore(Options.Create(new CodemateOptions { DatabaseUrl = _connectionString }), Time);

    protected override async Task InsertRawWorkAsync(string issue, byte[] payload)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO work (issue, payload, created_at) VALUES ($1, $2, 0)", connection);
        insert.Parameters.AddWithValue(issue);
        insert.Parameters.AddWithValue(payload);
        await insert.ExecuteNonQueryAsync();
    }
}
