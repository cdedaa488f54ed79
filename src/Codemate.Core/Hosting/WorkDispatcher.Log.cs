using Microsoft.Extensions.Logging;

namespace Codemate.Hosting;

internal sealed partial class WorkDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Information, "Resuming {Work} for {Repository}#{Issue} left from a previous run")]
        public static partial void Resuming(ILogger logger, string work, string repository, int issue);

        [LoggerMessage(1102, LogLevel.Error, "{Work} for {Repository}#{Issue} (delivery {DeliveryId}) failed on attempt {Attempt} of {MaxAttempts}; it is parked")]
        public static partial void HandlerFailed(ILogger logger, string work, string repository, int issue, string deliveryId, int attempt, int maxAttempts, Exception exception);

        [LoggerMessage(1103, LogLevel.Information, "Shutdown interrupted work for {Repository}#{Issue}; it stays queued and resumes on the next start")]
        public static partial void Interrupted(ILogger logger, string repository, int issue);

        [LoggerMessage(1104, LogLevel.Error, "The state store failed to read accepted work; trying again in {Delay}")]
        public static partial void ReadFailed(ILogger logger, TimeSpan delay, Exception exception);

        [LoggerMessage(1105, LogLevel.Warning, "{Work} for {Repository}#{Issue} (delivery {DeliveryId}) failed on attempt {Attempt} of {MaxAttempts}; trying again in {Delay}")]
        public static partial void HandlerFailedRetrying(ILogger logger, string work, string repository, int issue, string deliveryId, int attempt, int maxAttempts, TimeSpan delay, Exception exception);

        [LoggerMessage(1106, LogLevel.Error, "The state store failed to remove finished work for {Repository}#{Issue} (attempt {Attempt} of {MaxAttempts})")]
        public static partial void CompleteFailed(ILogger logger, string repository, int issue, int attempt, int maxAttempts, Exception exception);

        [LoggerMessage(1107, LogLevel.Error, "Parked {Work} for {Repository}#{Issue} (delivery {DeliveryId}) after {Attempts} attempts: {Reason}. /codemate retry on the issue runs it again")]
        public static partial void Parked(ILogger logger, string work, string repository, int issue, string deliveryId, int attempts, string reason);

        [LoggerMessage(1108, LogLevel.Critical, "The state store failed to park failed work for {Repository}#{Issue}; trying again")]
        public static partial void ParkFailed(ILogger logger, string repository, int issue, Exception exception);

        [LoggerMessage(1109, LogLevel.Warning, "Could not take {Repository}#{Issue} for this replica; its work stays queued and is tried again")]
        public static partial void TakeFailed(ILogger logger, string repository, int issue, Exception exception);

        [LoggerMessage(1110, LogLevel.Warning, "Could not let {Repository}#{Issue} go; this replica keeps running its work")]
        public static partial void ReleaseFailed(ILogger logger, string repository, int issue, Exception exception);
    }
}
