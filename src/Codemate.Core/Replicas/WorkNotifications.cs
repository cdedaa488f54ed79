using Codemate.Hosting;
using Codemate.State;
using Codemate.State.Postgres;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Replicas;

/// <summary>
/// Wakes this replica's dispatcher when any replica queued work in PostgreSQL (<c>LISTEN codemate_work</c>), so a comment
/// that another replica accepted reaches the agent here at once; the dispatcher's periodic re-read is only the safety
/// net. A lost connection is opened again after a short wait.
/// </summary>
internal sealed partial class WorkNotifications(IStateStore store, WorkQueue queue, TimeProvider time, ILogger<WorkNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not PostgresStateStore postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await postgres.ListenForWorkAsync(queue.Notify, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.ListenFailed(logger, Reconnect, exception);
            }

            // Whatever was queued while nobody listened is read by the dispatcher's next pass.
            queue.Notify();
            try
            {
                await Task.Delay(Reconnect, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(9001, LogLevel.Warning, "Listening for work queued by other replicas failed; listening again in {RetryAfter}")]
        public static partial void ListenFailed(ILogger logger, TimeSpan retryAfter, Exception exception);
    }
}
