using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Codemate.State;

/// <summary>
/// Background checkpoints. SQLite's own checkpoint runs inside whichever commit crosses the WAL limit, so every
/// delivery in that batch, and every one arriving meanwhile, waited for 4 MB to be copied into the database and
/// synced: ~20 times a second under load, the whole p99 (benchmarks/). Here a second connection copies the WAL while
/// the writer goes on; only the last few frames are copied with the writer paused, so that the next commit can start
/// the WAL from its beginning again instead of growing it. SQLite's own checkpoint stays as a backstop, far higher.
/// </summary>
internal sealed partial class SqliteStateStore
{
    /// <summary>How long writes gather before a pass copies them: each page is copied once per pass however often it changed.</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(50);

    // 4 MB: SQLite's default limit. Below it the WAL is left to grow; above it the writer pauses for the remainder.
    private const int RestartFrames = 1000;

    // Only reached if background checkpoints fall behind or fail: then SQLite checkpoints inside a commit, as before.
    private const int BackstopFrames = 16 * RestartFrames;

    private readonly Channel<bool> _walWritten = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private Task? _checkpoints;
    private long _walRestarts;

    /// <summary>How many times a background checkpoint let the WAL start again from its beginning.</summary>
    internal long WalRestarts => Interlocked.Read(ref _walRestarts);

    /// <summary>Says a commit added to the WAL; the next pass copies it.</summary>
    private void NoteWalWritten() => _walWritten.Writer.TryWrite(true);

    private void StartCheckpoints() => _checkpoints = Task.Run(() => CheckpointLoopAsync(_stopCheckpoints.Token), CancellationToken.None);

    private async Task CheckpointLoopAsync(CancellationToken stopping)
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _walWritten.Reader.ReadAsync(stopping).ConfigureAwait(false);
                await Task.Delay(CheckpointInterval, _time, stopping).ConfigureAwait(false);
                try
                {
                    connection ??= OpenCheckpointConnection();

                    // Copies everything committed so far while the writer goes on appending.
                    var frames = Checkpoint(connection, "PASSIVE");
                    if (frames < RestartFrames)
                    {
                        continue;
                    }

                    // A second pass copies what the writer appended during the first: far less, so the pause is short.
                    Checkpoint(connection, "PASSIVE");

                    // What the writer appended during that pass is copied with it paused; its next commit then
                    // starts the WAL from the beginning (RESTART waits for no one: nothing else reads or writes).
                    await _gate.WaitAsync(stopping).ConfigureAwait(false);
                    try
                    {
                        Checkpoint(connection, "RESTART");
                    }
                    finally
                    {
                        _gate.Release();
                    }

                    Interlocked.Increment(ref _walRestarts);
                }
                catch (SqliteException exception)
                {
                    // The backstop keeps the WAL bounded; the next write tries again.
                    Log.CheckpointFailed(_logger, _path, exception);
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection OpenCheckpointConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 1000";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <returns>The frames in the WAL when the checkpoint began (-1 if another checkpoint was running).</returns>
    private static long Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : -1;
    }

    /// <summary>Stops the background checkpoints and waits for a pass in progress (milliseconds).</summary>
    private void StopCheckpoints()
    {
        _stopCheckpoints.Cancel();
        try
        {
            _checkpoints?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Already logged or cancelled; disposal goes on.
        }

        _stopCheckpoints.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Warning, "A background checkpoint of the state database {Path} failed; the WAL grows until the next pass or SQLite's own checkpoint")]
        public static partial void CheckpointFailed(ILogger logger, string path, Exception exception);
    }
}
