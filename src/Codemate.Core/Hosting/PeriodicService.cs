using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemate.Hosting;

/// <summary>
/// A background job that runs once at start and then every <see cref="Interval"/> on the injected clock (so tests
/// drive it with a fake one). A failed round is logged and the next round runs anyway.
/// </summary>
internal abstract partial class PeriodicService(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>The injected clock.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Time between rounds.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of the job.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.RoundFailed(logger, GetType().Name, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(1401, LogLevel.Warning, "A round of {Job} failed; the next round runs as scheduled")]
        public static partial void RoundFailed(ILogger logger, string job, Exception exception);
    }
}
