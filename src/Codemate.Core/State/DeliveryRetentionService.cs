using Codemate.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.State;

/// <summary>Forgets delivery ids older than <see cref="CodemateOptions.DeliveryRetention"/>, hourly.</summary>
internal sealed partial class DeliveryRetentionService(
    IStateStore store,
    IOptions<CodemateOptions> options,
    TimeProvider time,
    ILogger<DeliveryRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var removed = await store.PruneDeliveriesAsync(time.GetUtcNow() - options.Value.DeliveryRetention, stoppingToken).ConfigureAwait(false);
                if (removed > 0)
                {
                    Log.Pruned(logger, removed);
                }
            }
            catch (CodemateException exception)
            {
                Log.PruneFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(1301, LogLevel.Debug, "Forgot {Count} delivery ids past the retention window")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(1302, LogLevel.Warning, "Could not prune old delivery ids")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
