using System.Globalization;
using CliWrap;
using CliWrap.Buffered;
using Codemate.Testing.CommandLine;
using Npgsql;

namespace Codemate.Testing.Postgres;

/// <summary>
/// A real, throwaway PostgreSQL for the tests: one cluster per test run, made with <c>initdb</c> in a temporary
/// directory and started with <c>pg_ctl</c> on a free 127.0.0.1 port (trust authentication on loopback only, no fsync:
/// the data is thrown away), stopped and deleted when the test process exits. As root (CI), the cluster belongs to
/// <c>nobody</c>, since PostgreSQL refuses to run as root. Each test asks for a database of its own.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);
    private readonly string _directory;
    private readonly string _binaries;
    private int _databases;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The run's server, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A new, empty database; the connection string in Npgsql's keyword form.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"codemate_test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = "postgres", Pooling = true }.ToString();

    private static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries();
        RemoveStoppedClusters();
        var directory = Directory.CreateTempSubdirectory("cm-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var runAs = Environment.UserName == "root" ? "nobody" : null;
        if (runAs is not null)
        {
            await Cli.Wrap("chown").WithArguments([runAs, directory]).ExecuteBufferedAsync();
        }

        await RunAsync(binaries, runAs, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = CodemateCli.FreePort();
        var settings = string.Create(
            CultureInfo.InvariantCulture,
            $"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
        await RunAsync(binaries, runAs, "pg_ctl", ["-D", data, "-l", Path.Combine(directory, "log"), "-o", settings, "-w", "-t", "60", "start"]);
        var server = new PostgresServer(directory, binaries, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(runAs);
        return server;
    }

    private void Stop(string? runAs)
    {
        try
        {
            RunAsync(_binaries, runAs, "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or CliWrap.Exceptions.CliWrapException)
        {
            // Already gone; the directory still goes.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left in the temporary directory; nothing depends on it.
        }
    }

    /// <summary>
    /// Clusters of earlier runs whose server stopped (no <c>postmaster.pid</c>): the test process may end before its
    /// exit handler has deleted its own.
    /// </summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var old in Directory.GetDirectories(Path.GetTempPath(), "cm-pg-*"))
        {
            if (File.Exists(Path.Combine(old, "data", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(old, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another run's, still in use or not ours to delete.
            }
        }
    }

    private static async Task RunAsync(string binaries, string? runAs, string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(binaries, program);
        var command = runAs is null
            ? Cli.Wrap(path).WithArguments(arguments)
            : Cli.Wrap("setpriv").WithArguments(["--reuid", runAs, "--regid", "nogroup", "--clear-groups", "--", path, .. arguments]);
        var result = await command.WithValidation(CommandResultValidation.None).WithWorkingDirectory(Path.GetTempPath()).ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed with exit code {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        }
    }

    /// <summary>Debian's packages put the server's programs in /usr/lib/postgresql/{version}/bin, not on PATH.</summary>
    private static string FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0)
        {
            return Path.Combine(versions[0], "bin");
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("PostgreSQL's server programs (initdb, pg_ctl) were not found: install them (apt-get install postgresql) and run the tests again.");
    }
}
