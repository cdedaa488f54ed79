using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Codemate.State;

/// <summary>
/// Background checkpoints. SQLite's own checkpoint runs inside whichever commit crosses the WAL limit, so every
/// delivery in that batch, and every one arriving meanwhile, waited for the whole WAL to be copied into the database and
/// synced: ~20 times a second under load, the whole p99 (benchmarks/). Here a second connection copies the WAL while
/// the writer goes on; only the last few frames are copied with the writer paused, so that the next commit can start
/// the WAL from its beginning again instead of growing it. SQLite's own checkpoint stays as a backstop, far higher.
/// When writes stop, the WAL file is emptied.
/// </summary>
internal sealed partial class SqliteStateStore
{
    /// <summary>How long writes gather before a pass copies them: each page is copied once per pass however often it changed.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(50);

    // SQLite's default limit, in frames (pages): below it the WAL is left to grow; above it the writer pauses for the
    // remainder.
    private const int RestartFrames = 1000;

    // Only reached if background checkpoints fall behind or fail: then SQLite checkpoints inside a commit (now up to
    // 16 times the restart point at once).
    private const int BackstopFrames = 16 * RestartFrames;

    // SQLite reuses the WAL file from its beginning without shrinking it, so under load it stays at its largest size
    // (a burst that outruns the copy can take it far past the restart point). Once writes have stopped for this long it is emptied.
    // Not at every restart (journal_size_limit): under load that cut and regrew the file ~10 times a second, and the
    // accepted-delivery p99 went from ~7.4 ms to 9.1 ms (benchmarks/).
    private static readonly TimeSpan QuietBeforeEmptying = TimeSpan.FromSeconds(1);

    // After a failed pass: one warning per this, not one per write.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _walWritten = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private Task? _checkpoints;
    private long _walRestarts;

    /// <summary>How many times a background checkpoint let the WAL start again from its beginning.</summary>
    internal long WalRestarts => Interlocked.Read(ref _walRestarts);

    /// <summary>Rows changed through <paramref name="connection"/> since it was opened.</summary>
    private static int TotalChanges(SqliteConnection connection) => SQLitePCL.raw.sqlite3_total_changes(connection.Handle);

    /// <summary>
    /// Wakes the checkpointer if rows changed since <paramref name="changesBefore"/>: those writes added to the WAL, and
    /// the next pass copies them. Writes that changed nothing (reads, redeliveries) added nothing to copy.
    /// </summary>
    private void NoteWalWritten(SqliteConnection connection, int changesBefore)
    {
        if (TotalChanges(connection) != changesBefore)
        {
            _walWritten.Writer.TryWrite(true);
        }
    }

    private void StartCheckpoints()
    {
        lock (_acceptLock)
        {
            // Opened by a call that raced Dispose: nothing to start.
            if (!_disposed)
            {
                var stopping = _stopCheckpoints.Token;
                _checkpoints = Task.Run(() => CheckpointLoopAsync(stopping), CancellationToken.None);
            }
        }
    }

    private async Task CheckpointLoopAsync(CancellationToken stopping)
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                await _walWritten.Reader.ReadAsync(stopping).ConfigureAwait(false);

                // Pacing, not a domain delay: the real clock, whatever clock the store was given.
                await Task.Delay(CheckpointInterval, TimeProvider.System, stopping).ConfigureAwait(false);
                try
                {
                    connection ??= OpenCheckpointConnection();
                    await CopyWalAsync(connection, stopping).ConfigureAwait(false);
                    if (!await WrittenWithinAsync(QuietBeforeEmptying, stopping).ConfigureAwait(false))
                    {
                        await EmptyWalAsync(connection, stopping).ConfigureAwait(false);
                    }
                }
                catch (SqliteException exception)
                {
                    // The backstop keeps the WAL bounded meanwhile.
                    Log.CheckpointFailed(_logger, _path, RetryAfterFailure, exception);
                    connection?.Dispose();
                    connection = null;
                    await Task.Delay(RetryAfterFailure, TimeProvider.System, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Nothing awaits this loop: what stops it is logged here or nowhere.
            Log.CheckpointsStopped(_logger, _path, exception);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>
    /// Copies everything committed so far while the writer goes on appending; past the restart point, also what was
    /// appended meanwhile, so that the writer's next commit starts the WAL from its beginning.
    /// </summary>
    private async Task CopyWalAsync(SqliteConnection connection, CancellationToken stopping)
    {
        var first = Checkpoint(connection, "PASSIVE");
        if (first.Busy || first.Frames < RestartFrames)
        {
            return;
        }

        // A second pass copies what the writer appended during the first: far less, so the pause is short.
        stopping.ThrowIfCancellationRequested();
        Checkpoint(connection, "PASSIVE");

        // The rest is copied with the writer paused. PASSIVE never waits on a busy handler, so the pause is only the
        // copy even when another process has the file open; once everything is copied and no one reads the log, the
        // writer's next commit starts it from the beginning.
        var last = await CheckpointWithWriterPausedAsync(connection, "PASSIVE", stopping).ConfigureAwait(false);
        if (!last.Busy && last.Frames == last.Copied)
        {
            Interlocked.Increment(ref _walRestarts);
        }
    }

    /// <summary>Whether a write is signalled within <paramref name="period"/>; the signal is left for the loop to take.</summary>
    private async Task<bool> WrittenWithinAsync(TimeSpan period, CancellationToken stopping)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        quiet.CancelAfter(period);
        try
        {
            return await _walWritten.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Copies what is left, then cuts the WAL file to nothing with the writer paused so that nothing is appended meanwhile.</summary>
    private async Task EmptyWalAsync(SqliteConnection connection, CancellationToken stopping)
    {
        Checkpoint(connection, "PASSIVE");

        // With no busy timeout, a reader in another process (sqlite3 on the file, a backup) makes this give up at once
        // rather than hold the writer: the file then stays until the quiet after the next writes.
        await CheckpointWithWriterPausedAsync(connection, "TRUNCATE", stopping).ConfigureAwait(false);
    }

    private async Task<CheckpointResult> CheckpointWithWriterPausedAsync(SqliteConnection connection, string mode, CancellationToken stopping)
    {
        await _gate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            return Checkpoint(connection, mode);
        }
        finally
        {
            _gate.Release();
        }
    }

    private SqliteConnection OpenCheckpointConnection()
    {
        // ReadWrite, not ReadWriteCreate: the store's own connection made the file; this one never makes another.
        var connection = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // Nothing here may wait for another connection: the TRUNCATE runs with the writer paused, and PASSIVE
            // checkpoints never wait anyway.
            command.CommandText = "PRAGMA busy_timeout = 0";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>One <c>PRAGMA wal_checkpoint</c>: busy (another connection was checkpointing), frames in the WAL, frames copied.</summary>
    private static CheckpointResult Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        reader.Read();
        return new CheckpointResult(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2));
    }

    private readonly record struct CheckpointResult(bool Busy, long Frames, long Copied);

    /// <summary>Stops the background checkpoints and waits for a pass in progress; safe to call again.</summary>
    /// <returns><see langword="false"/> if a pass is still running after 10 s (it still uses the gate).</returns>
    private bool StopCheckpoints()
    {
        Task? running;
        lock (_acceptLock)
        {
            running = _checkpoints;
        }

        // Never disposed: it has no timer or linked source, and staying usable lets Dispose be repeated.
        _stopCheckpoints.Cancel();

        // The loop ends by returning (it catches and logs everything), so Wait never throws here.
        return running?.Wait(TimeSpan.FromSeconds(10)) ?? true;
    }

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Warning, "A background checkpoint of the state database {Path} failed; the next is tried in {RetryAfter}, SQLite's own checkpoint bounds the WAL meanwhile")]
        public static partial void CheckpointFailed(ILogger logger, string path, TimeSpan retryAfter, Exception exception);

        [LoggerMessage(1502, LogLevel.Error, "Background checkpoints of the state database {Path} stopped; SQLite's own checkpoint bounds the WAL from now on")]
        public static partial void CheckpointsStopped(ILogger logger, string path, Exception exception);
    }
}
