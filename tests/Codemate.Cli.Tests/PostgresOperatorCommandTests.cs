using Codemate.Configuration;
using Codemate.Issues;
using Codemate.State;
using Codemate.State.Postgres;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Codemate.Testing.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Codemate.Cli.Tests;

/// <summary>
/// Issue #23: the operator commands read the store <c>CODEMATE_DATABASE_URL</c> selects, and never print its password.
/// </summary>
public sealed class PostgresOperatorCommandTests : IAsyncLifetime, IDisposable
{
    // Trust authentication on the test server accepts any password: this one is there to be kept out of every output.
    private const string Password = "hunter2hunter2hunter2";
    private readonly TempDirectory _root = new();
    private readonly Dictionary<string, string?> _env;
    private NpgsqlConnectionStringBuilder _database = null!;

    public PostgresOperatorCommandTests() => _env = new(TestSettings.Minimal(_root));

    private CodemateCli Cli => new(_root.Path, _env);

    public async Task InitializeAsync()
    {
        var server = await PostgresServer.SharedAsync();
        _database = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Password = Password };
        // The URI form, as a hosting provider hands it out; the keyword form is what the other tests use.
        _env[EnvironmentVariables.DatabaseUrl] = $"postgresql://{_database.Username}:{Password}@127.0.0.1:{server.Port}/{_database.Database}";
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Sessions_lists_the_sessions_and_parked_work_stored_in_PostgreSQL()
    {
        var store = new PostgresStateStore(Options.Create(new CodemateOptions { DatabaseUrl = _database.ConnectionString }), TimeProvider.System);
        await using (store)
        {
            await store.InitializeAsync(default);
            var issue = new IssueKey(RepositoryName.Create("octo", "app"), 7);
            await store.TryCreateSessionAsync(new SessionRecord { Issue = issue, SessionName = "claude-octo-app-7", Branch = "issue-7", State = SessionState.Running }, default);
            await store.EnqueueMessageAsync(issue, "waiting for the agent", default);
            var pending = await store.TryAcceptAsync("delivery-7", new IssueOpened
            {
                Issue = issue,
                Details = new IssueDetails("t", "b", "alice", string.Empty, []),
                DeliveryId = "delivery-7",
                Sender = new Actor("alice", false),
            }, default);
            await store.ParkWorkAsync(pending!, 6, "tmux failed on every attempt", default);
        }

        var table = await Cli.RunAsync("sessions");
        var json = await Cli.RunAsync("sessions", "--json");

        Assert.True(table.ExitCode == 0, table.StandardError);
        var row = Assert.Single(table.StandardOutput.Split('\n'), l => l.StartsWith("octo/app#7 ", StringComparison.Ordinal) && l.Contains("running", StringComparison.Ordinal));
        Assert.Contains("issue-7", row, StringComparison.Ordinal);
        Assert.Contains("Parked work (1)", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tmux failed on every attempt", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"issue\":\"octo/app#7\"", json.StandardOutput.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(File.Exists(_env[EnvironmentVariables.StatePath]), "codemate sessions created a SQLite file beside PostgreSQL");
        Assert.DoesNotContain(Password, table.StandardOutput + table.StandardError + json.StandardOutput + json.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_checks_the_PostgreSQL_database_and_names_it_without_the_password()
    {
        var result = await Cli.RunAsync("doctor");

        var output = result.StandardOutput + result.StandardError;
        Assert.Contains($"ok   state database: the PostgreSQL database {_database.Database} on 127.0.0.1:", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
        Assert.False(File.Exists(_env[EnvironmentVariables.StatePath]), "codemate doctor created a SQLite file beside PostgreSQL");
    }

    [Fact]
    public async Task Doctor_fails_a_malformed_database_url_naming_the_variable_without_the_password()
    {
        _env[EnvironmentVariables.DatabaseUrl] = $"postgresql://codemate:{Password}@/codemate";

        var result = await Cli.RunAsync("doctor");

        var output = result.StandardOutput + result.StandardError;
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardOutput.Split('\n'), l => l.StartsWith("FAIL state database:", StringComparison.Ordinal));
        Assert.Contains(EnvironmentVariables.DatabaseUrl, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_fails_an_unreachable_database_naming_it_without_the_password()
    {
        var port = CodemateCli.FreePort();
        _env[EnvironmentVariables.DatabaseUrl] = $"Host=127.0.0.1;Port={port};Database=nowhere;Username=codemate;Password={Password};Timeout=3";

        var result = await Cli.RunAsync("doctor");

        var output = result.StandardOutput + result.StandardError;
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardOutput.Split('\n'), l => l.StartsWith("FAIL state database:", StringComparison.Ordinal));
        Assert.Contains($"PostgreSQL database nowhere on 127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_with_a_malformed_database_url_fails_naming_the_variable_without_the_password()
    {
        _env[EnvironmentVariables.DatabaseUrl] = $"Host=db;Password={Password};Bogus=1";

        var result = await Cli.RunAsync("sessions");

        var output = result.StandardOutput + result.StandardError;
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(EnvironmentVariables.DatabaseUrl, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }
}
