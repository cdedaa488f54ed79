using System.Text;
using CliWrap.Buffered;
using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.CommandLine;
using Codemate.Testing.Hosting;
using Microsoft.Data.Sqlite;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>GitHub issue #6: <c>codemate serve</c> refuses a state database it cannot use, says so in one line, and leaves the file alone.</summary>
public sealed class BrokenStateDatabaseTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public BrokenStateDatabaseTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
    }

    private string StatePath => _root.Combine("state", "codemate.db");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Serve_refuses_a_state_file_that_is_not_a_database_in_one_line_naming_it_and_leaves_it_unchanged()
    {
        var garbage = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is not a SQLite database\n", 200)));
        await File.WriteAllBytesAsync(StatePath, garbage);

        var result = await ServeAsync();

        AssertRefusedInOneLine(result, "not a SQLite database");
        Assert.Equal(garbage, await File.ReadAllBytesAsync(StatePath));
    }

    [Fact]
    public async Task Serve_refuses_a_state_database_with_damaged_pages_in_one_line_naming_it_and_leaves_it_unchanged()
    {
        CreateDatabase(StatePath);
        var bytes = await File.ReadAllBytesAsync(StatePath);
        // Keep the 100-byte file header, scribble over the rest of the first page (the schema).
        for (var i = 100; i < 4096 && i < bytes.Length; i++)
        {
            bytes[i] = 0x5A;
        }

        await File.WriteAllBytesAsync(StatePath, bytes);

        var result = await ServeAsync();

        AssertRefusedInOneLine(result, "corrupt");
        Assert.Equal(bytes, await File.ReadAllBytesAsync(StatePath));
    }

    [Fact]
    public async Task Serve_refuses_a_state_database_another_process_has_locked_in_one_line_naming_it_and_leaves_it_unchanged()
    {
        CreateDatabase(StatePath);
        var before = await File.ReadAllBytesAsync(StatePath);
        BufferedCommandResult result;
        using (var holder = new SqliteConnection($"Data Source={StatePath};Pooling=False"))
        {
            holder.Open();
            // In rollback-journal mode an exclusive transaction keeps every other process from even reading.
            Execute(holder, "BEGIN EXCLUSIVE;");
            result = await ServeAsync();
            Execute(holder, "ROLLBACK;");
        }

        AssertRefusedInOneLine(result, "locked");
        Assert.Equal(before, await File.ReadAllBytesAsync(StatePath));
    }

    private Task<BufferedCommandResult> ServeAsync()
    {
        var settings = TestSettings.Minimal(_root);
        settings[EnvironmentVariables.StatePath] = StatePath;
        return new CodemateCli(_root.Path, settings).RunAsync("serve", "--urls", $"http://127.0.0.1:{CodemateCli.FreePort()}");
    }

    private void AssertRefusedInOneLine(BufferedCommandResult result, string reason)
    {
        var output = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode != 0, $"codemate serve exited with 0.\n{output}");
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("codemate: ", line, StringComparison.Ordinal);
        Assert.Contains(StatePath, line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Trim().Length == 0, $"codemate serve printed more than its one line.\n{output}");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void CreateDatabase(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL); " +
            "INSERT INTO notes (text) VALUES ('one'), ('two'), ('three');";
        command.ExecuteNonQuery();
    }
}
