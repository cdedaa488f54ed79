using Codemate.Configuration;
using Codemate.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.State;

/// <summary>Forgets delivery ids older than <see cref="CodemateOptions.DeliveryRetention"/>, hourly.</summary>
internal sealed partial class DeliveryRetentionService(
    IStateStore store,
    IOptions<CodemateOptions> options,
    TimeProvider time,
    ILogger<DeliveryRetentionService> logger) : PeriodicService(time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var removed = await store.PruneDeliveriesAsync(Time.GetUtcNow() - options.Value.DeliveryRetention, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            Log.Pruned(logger, removed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1301, LogLevel.Debug, "Forgot {Count} delivery ids past the retention window")]
        public static partial void Pruned(ILogger logger, int count);
    }
}
