using Microsoft.Extensions.Logging;

namespace Codemate.Webhooks;

internal sealed partial class WebhookReceiver
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Debug, "Accepted {Event} for {Repository}#{Issue} (delivery {DeliveryId})")]
        public static partial void Accepted(ILogger logger, string @event, string repository, int issue, string deliveryId);

        [LoggerMessage(1002, LogLevel.Information, "Ignored {Event} (delivery {DeliveryId}): {Reason}")]
        public static partial void Ignored(ILogger logger, string @event, string deliveryId, string reason);

        // Debug, unlike 1002: most of what a repository's webhook sends is events Codemate has no use for, and a line
        // for each one buried the ones that matter (and cost a console write per delivery, benchmarks/).
        [LoggerMessage(1009, LogLevel.Debug, "Ignored {Event} (delivery {DeliveryId}): {Reason}")]
        public static partial void NotHandled(ILogger logger, string @event, string deliveryId, string reason);

        [LoggerMessage(1003, LogLevel.Information, "Duplicate delivery {DeliveryId} answered without processing")]
        public static partial void Duplicate(ILogger logger, string deliveryId);

        [LoggerMessage(1004, LogLevel.Warning, "Rejected delivery {DeliveryId} with {StatusCode}: {Reason}")]
        public static partial void Rejected(ILogger logger, int statusCode, string? deliveryId, string reason);

        [LoggerMessage(1005, LogLevel.Warning, "Webhook signature NOT verified for delivery {DeliveryId}: signature checking is disabled (--insecure-skip-signature)")]
        public static partial void SignatureNotChecked(ILogger logger, string? deliveryId);

        [LoggerMessage(1006, LogLevel.Error, "Could not record delivery {DeliveryId}")]
        public static partial void StoreFailed(ILogger logger, string deliveryId, Exception exception);

        [LoggerMessage(1007, LogLevel.Warning, "Rejected unauthenticated delivery {DeliveryId} from {Source} with {StatusCode}: {Reason}")]
        public static partial void RejectedUnauthenticated(ILogger logger, string? deliveryId, string source, int statusCode, string reason);

        [LoggerMessage(1008, LogLevel.Warning, "Rejected unauthenticated delivery {DeliveryId} from {Source} with {StatusCode}: {Reason} ({NotLogged} more rejected from there since the last such warning were not logged)")]
        public static partial void RejectedUnauthenticatedAfterMore(ILogger logger, string? deliveryId, string source, int statusCode, string reason, int notLogged);
    }
}
