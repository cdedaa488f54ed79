using Codemate.Configuration;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Postgres;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Npgsql;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>Issue #23: <c>codemate serve</c> with <c>CODEMATE_DATABASE_URL</c> keeps all its state in a real PostgreSQL.</summary>
[Collection(ServeCollection.Name)]
public sealed class PostgresServeTests : IAsyncLifetime
{
    // Trust authentication on the test server accepts any password: this one is there to be kept out of every message.
    private const string Password = "hunter2hunter2hunter2";
    private ServedWorld _served = null!;
    private string _connectionString = string.Empty;

    public async Task InitializeAsync()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        _connectionString = new NpgsqlConnectionStringBuilder(database) { Password = Password }.ToString();
        _served = await ServedWorld.StartAsync(settings => settings[EnvironmentVariables.DatabaseUrl] = _connectionString);
    }

    public async Task DisposeAsync()
    {
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_issue_and_its_comments_reach_the_agent_with_every_row_in_PostgreSQL_and_survive_a_restart()
    {
        await _served.OpenIssueAsync(5);
        var log = _served.AgentLog(5);
        await log.WaitForMessagesAsync(1);
        await _served.CommentAsync(5, "before the restart", 51);
        Assert.Contains("before the restart", (await log.WaitForMessagesAsync(2))[1], StringComparison.Ordinal);

        await _served.RestartAsync();
        await _served.CommentAsync(5, "after the restart", 52);

        Assert.Contains("after the restart", (await log.WaitForMessagesAsync(3))[2], StringComparison.Ordinal);
        Assert.False(File.Exists(_served.World.Settings()[EnvironmentVariables.StatePath]), "a SQLite file was created beside PostgreSQL");
        Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM sessions WHERE issue = '{_served.World.Issue(5)}'"));
        Assert.Equal(3L, await ScalarAsync("SELECT COUNT(*) FROM deliveries"));
        Assert.Equal("running", (await _served.SessionRowAsync(5))!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_second_serve_with_a_live_replica_s_id_refuses_in_one_line_naming_it_without_the_password()
    {
        var taken = $"{Environment.MachineName}-{_served.Server.ProcessId}";
        var result = await new CodemateCli(_served.World.Root.Path, Settings(settings => settings[EnvironmentVariables.ReplicaId] = taken))
            .RunAsync("serve", "--urls", $"http://127.0.0.1:{CodemateCli.FreePort()}");

        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode != 0, $"the second serve exited with 0.\n{output}");
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("codemate: The PostgreSQL database ", line, StringComparison.Ordinal);
        Assert.Contains($"already has a live replica named '{taken}' (pid {_served.Server.ProcessId} on {Environment.MachineName})", line, StringComparison.Ordinal);
        Assert.Contains(EnvironmentVariables.ReplicaId, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, _served.Server.Output, StringComparison.Ordinal);
        await _served.Server.GetHealthAsync();
    }

    [Fact]
    public async Task Receive_next_to_a_server_on_the_same_database_sends_the_event_to_it()
    {
        _served.World.Remote.OpenIssue(6, "Fix the other thing", "Also broken.", TestWorld.Writer);
        var payload = _served.World.Root.Combine("opened.json");
        await File.WriteAllTextAsync(payload, WebhookPayloads.IssuesEvent("opened", _served.Owner, _served.Repo, 6, "Fix the other thing", "Also broken.", TestWorld.Writer));

        var result = await _served.RunCliAsync("receive", "--event", "issues", "--payload", payload, "--delivery", "from-receive-pg");

        Assert.True(result.ExitCode == 0, $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        Assert.Contains($"(pid {_served.Server.ProcessId}) runs the event; sending it to {_served.Server.BaseAddress}webhook", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Fix the other thing", (await _served.AgentLog(6).WaitForMessagesAsync(1))[0], StringComparison.Ordinal);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM deliveries WHERE id = 'from-receive-pg'"));
    }

    private Dictionary<string, string?> Settings(Action<Dictionary<string, string?>> adjust)
    {
        var settings = _served.World.Settings();
        settings[EnvironmentVariables.DatabaseUrl] = _connectionString;
        adjust(settings);
        return settings;
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
