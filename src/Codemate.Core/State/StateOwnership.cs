using System.Text.Json;
using Codemate.Configuration;
using Codemate.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.State;

/// <summary>
/// One owner per state database: the process that runs work holds an exclusive lock on <c>{database}.lock</c> for its
/// lifetime (on Linux .NET takes it with <c>flock</c> for <see cref="FileShare.None"/>; the kernel drops it when the
/// process ends, however it ends), and says who it is in <c>{database}.owner</c>. Operator commands that only read
/// (<c>codemate sessions</c>) take no lock.
/// </summary>
internal sealed partial class StateOwnership(IOptions<CodemateOptions> options, ILogger<StateOwnership> logger) : IDisposable
{
    // How long a start keeps trying for the lock before it names the process holding it: 20 tries, 25 ms apart.
    private const int LockAttempts = 20;
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(25);

    private readonly Lock _gate = new();
    private FileStream? _lock;

    private string DatabasePath => options.Value.ResolvedStatePath;

    private string LockPath => DatabasePath + ".lock";

    private string OwnerPath => DatabasePath + ".owner";

    /// <summary>Takes the lock, or throws <see cref="StateDatabaseInUseException"/> naming the database when another process holds it.</summary>
    public void Acquire()
    {
        lock (_gate)
        {
            if (_lock is not null)
            {
                return;
            }

            PrivateFiles.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            PrivateFiles.CreateEmptyFile(LockPath);
            for (var attempt = 1; _lock is null; attempt++)
            {
                try
                {
                    _lock = new FileStream(LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
                {
                    if (attempt < LockAttempts)
                    {
                        // Perhaps only a process looking (FindOtherOwner), which holds the lock for an instant: an owner
                        // holds it for its whole life, so the lock still taken after a moment is an owner's.
                        Log.LockHeld(logger, LockPath, attempt);
                        Thread.Sleep(LockRetryDelay);
                        continue;
                    }

                    var owner = ReadOwner();
                    var who = owner is null ? "another Codemate process" : $"another Codemate process (pid {owner.ProcessId})";
                    throw new StateDatabaseInUseException(
                        $"The state database {DatabasePath} is in use by {who}; one process runs its work. Stop that one, or set {EnvironmentVariables.StatePath} to another file.",
                        owner,
                        exception);
                }
            }

            WriteOwner(new StateOwner(Environment.ProcessId, Webhook: null));
        }
    }

    /// <summary>Says where this process takes webhooks, so <c>codemate receive</c> can hand events to it.</summary>
    public void Advertise(Uri webhook)
    {
        lock (_gate)
        {
            if (_lock is not null)
            {
                WriteOwner(new StateOwner(Environment.ProcessId, webhook));
            }
        }
    }

    /// <summary>
    /// What the process holding the lock says about itself, without taking the lock; <see langword="null"/> when no
    /// other process holds it (or it said nothing readable).
    /// </summary>
    public StateOwner? FindOtherOwner()
    {
        lock (_gate)
        {
            if (_lock is not null)
            {
                return null;
            }
        }

        try
        {
            // Opened only to see whether it is locked: the lock is released again at once (a start that meets it tries
            // again, see Acquire).
            new FileStream(LockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();
            return null;
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return ReadOwner();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // No lock file, or none this user may open: no server of this user's holds it; starting says what is wrong.
            return null;
        }
    }

    /// <summary>What the owner wrote about itself, if it can be read.</summary>
    public StateOwner? ReadOwner()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(OwnerPath), StateOwnerJson.Default.StateOwner);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_lock is null)
            {
                return;
            }

            TryDelete(OwnerPath);
            _lock.Dispose();
            _lock = null;
        }
    }

    private void WriteOwner(StateOwner owner)
    {
        try
        {
            // Written beside and renamed over, so a reader never sees half of it.
            var temporary = OwnerPath + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(owner, StateOwnerJson.Default.StateOwner));
            File.Move(temporary, OwnerPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Only a convenience for operators and `codemate receive`; the lock is what keeps a second owner out.
            Log.OwnerNotWritten(logger, OwnerPath, exception);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1521, LogLevel.Debug, "{Path} is locked (try {Attempt}); trying again in case it is only a process looking for its owner")]
        public static partial void LockHeld(ILogger logger, string path, int attempt);

        [LoggerMessage(1520, LogLevel.Warning, "Could not write {Path}; codemate receive will not find this server")]
        public static partial void OwnerNotWritten(ILogger logger, string path, Exception exception);
    }
}
