using System.Buffers;
using System.Diagnostics;
using System.Text;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.Policy;
using Codemate.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Webhooks;

/// <summary>
/// Verify, validate, record, enqueue, answer. Nothing here talks to GitHub or git, so the answer is
/// immediate; the durable record is written before the 202 so accepted work survives a crash.
/// </summary>
internal sealed partial class WebhookReceiver(
    IOptionsMonitor<CodemateOptions> options,
    IStateStore store,
    WorkQueue queue,
    IGitHubIdentity identity,
    ITriggerPolicy policy,
    CodemateMetrics metrics,
    TimeProvider time,
    ILogger<WebhookReceiver> logger) : IWebhookReceiver
{
    private readonly RejectionLogThrottle _unauthenticated = new(time);

    public async Task<WebhookResponse> ReceiveAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        // A child of ASP.NET Core's request span when there is one; the accepted work continues this trace.
        using var activity = CodemateTelemetry.Source.StartActivity("codemate.webhook.receive");
        var response = await AnswerAsync(delivery, cancellationToken).ConfigureAwait(false);
        Count(metrics, delivery.Event, response);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.Outcome, CodemateMetrics.OutcomeLabel(response.Outcome));
            if (response.Outcome is WebhookOutcome.Unauthorized or WebhookOutcome.BadRequest or WebhookOutcome.UnsupportedMediaType or WebhookOutcome.PayloadTooLarge or WebhookOutcome.Unavailable)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        return response;
    }

    /// <summary>
    /// Counts an answered delivery. Its event is a label only when the signature was checked (every outcome but these
    /// two comes after the check) and the name is well formed: anyone can send a forged delivery, and forged event
    /// names must not mint new series.
    /// </summary>
    internal static void Count(CodemateMetrics metrics, string? @event, WebhookResponse response)
    {
        var verified = response.Outcome is not (WebhookOutcome.Unauthorized or WebhookOutcome.PayloadTooLarge);
        metrics.DeliveryAnswered(verified && @event is not null && IsEventName(@event) ? @event : null, response.Outcome, response.Repository);
    }

    private async Task<WebhookResponse> AnswerAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (delivery.Body.Length > settings.MaxBodyBytes)
        {
            return new(WebhookOutcome.PayloadTooLarge, $"Payload is larger than {settings.MaxBodyBytes} bytes.");
        }

        if (settings.InsecureSkipSignature && string.IsNullOrEmpty(settings.WebhookSecret))
        {
            Log.SignatureNotChecked(logger, delivery.DeliveryId);
        }
        else
        {
            switch (WebhookSignature.Verify(settings.WebhookSecret!, delivery.Body.Span, delivery.Signature256))
            {
                case SignatureVerification.Missing:
                    return RejectUnauthenticated(WebhookOutcome.Unauthorized, "Missing X-Hub-Signature-256 header; configure the webhook secret on GitHub.", delivery);
                case SignatureVerification.Malformed:
                    return RejectUnauthenticated(WebhookOutcome.Unauthorized, "Malformed X-Hub-Signature-256 header; expected 'sha256=' followed by 64 hex digits.", delivery);
                case SignatureVerification.Mismatch:
                    return RejectUnauthenticated(WebhookOutcome.Unauthorized, "X-Hub-Signature-256 does not match the body; check that GITHUB_WEBHOOK_SECRET equals the webhook's secret.", delivery);
            }
        }

        if (string.IsNullOrWhiteSpace(delivery.Event))
        {
            return Reject(WebhookOutcome.BadRequest, "Missing X-GitHub-Event header.", delivery);
        }

        if (!IsEventName(delivery.Event))
        {
            return Reject(WebhookOutcome.BadRequest, "X-GitHub-Event header is not a valid event name.", delivery);
        }

        if (string.IsNullOrWhiteSpace(delivery.DeliveryId))
        {
            return Reject(WebhookOutcome.BadRequest, "Missing X-GitHub-Delivery header.", delivery);
        }

        if (!IsDeliveryId(delivery.DeliveryId))
        {
            return Reject(WebhookOutcome.BadRequest, "X-GitHub-Delivery header is not a valid delivery id.", delivery);
        }

        if (!TryGetJson(delivery, out var json, out var mediaError))
        {
            return Reject(mediaError.Value.Outcome, mediaError.Value.Message, delivery);
        }

        if (!EventRouter.TryRouteInOnePass(delivery.Event, json.Span, settings.MaxJsonDepth, delivery.DeliveryId, out var routed))
        {
            var scan = PayloadScan.Read(json.Span, settings.MaxJsonDepth);
            if (scan.Error is not null)
            {
                return Reject(WebhookOutcome.BadRequest, scan.Error, delivery);
            }

            if (delivery.Event == "ping")
            {
                return new(WebhookOutcome.Pong, "pong");
            }

            routed = EventRouter.Route(delivery.Event, scan, json.Span, delivery.DeliveryId);
        }

        if (routed.Error is not null)
        {
            return Reject(WebhookOutcome.BadRequest, $"Invalid payload: {routed.Error}.", delivery);
        }

        if (routed.Work is null)
        {
            if (routed.Unhandled)
            {
                Log.NotHandled(logger, delivery.Event, delivery.DeliveryId, routed.IgnoredBecause!);
            }
            else
            {
                Log.Ignored(logger, delivery.Event, delivery.DeliveryId, routed.IgnoredBecause!);
            }

            return new(WebhookOutcome.Ignored, $"Ignored: {routed.IgnoredBecause}.");
        }

        var work = routed.Work;
        IssueTags.Set(Activity.Current, work.Issue, delivery.DeliveryId);
        Activity.Current?.SetTag(TelemetryTags.Event, delivery.Event);
        if (!policy.IsRepositoryAllowed(work.Issue.Repository))
        {
            var reason = $"repository {work.Issue.Repository} is not in {EnvironmentVariables.AllowedRepositories}";
            Log.Ignored(logger, delivery.Event, delivery.DeliveryId, reason);
            return new(WebhookOutcome.Ignored, $"Ignored: {reason}.") { Repository = work.Issue.Repository };
        }

        if (work is Issues.IssueCommentCreated comment
            && identity.CachedLogin is { } self
            && string.Equals(comment.Author.Login, self, StringComparison.OrdinalIgnoreCase))
        {
            Log.Ignored(logger, delivery.Event, delivery.DeliveryId, "comment written by Codemate itself");
            return new(WebhookOutcome.Ignored, "Ignored: comment written by Codemate itself.") { Repository = work.Issue.Repository };
        }

        PendingWork? pending;
        try
        {
            if (OwnPullRequests.Concerns(work))
            {
                var own = await OwnPullRequests.ResolveAsync(store, work, cancellationToken).ConfigureAwait(false);
                if (own.Work is null)
                {
                    Log.Ignored(logger, delivery.Event, delivery.DeliveryId, own.IgnoredBecause!);
                    return new(WebhookOutcome.Ignored, $"Ignored: {own.IgnoredBecause}.");
                }

                work = own.Work;
            }

            pending = await store.TryAcceptAsync(delivery.DeliveryId, work, cancellationToken).ConfigureAwait(false);
        }
        catch (CodemateException exception)
        {
            Log.StoreFailed(logger, delivery.DeliveryId, exception);
            return new(WebhookOutcome.Unavailable, "Codemate could not record the delivery; GitHub may redeliver it later.");
        }

        if (pending is null)
        {
            Log.Duplicate(logger, delivery.DeliveryId);
            return new(WebhookOutcome.Duplicate, $"Duplicate delivery {delivery.DeliveryId}: already accepted, not processed again.") { Repository = work.Issue.Repository };
        }

        queue.Notify();
        Log.Accepted(logger, delivery.Event, work.Issue.Repository.FullName, work.Issue.Number, delivery.DeliveryId);
        return new(WebhookOutcome.Accepted, $"Accepted {delivery.Event} for {work.Issue}.") { Repository = work.Issue.Repository };
    }

    private WebhookResponse Reject(WebhookOutcome outcome, string message, WebhookDelivery delivery)
    {
        Log.Rejected(logger, (int)new WebhookResponse(outcome, message).StatusCode, delivery.DeliveryId, message);
        return new(outcome, message);
    }

    /// <summary>
    /// A rejection before the signature was verified: anyone who can reach the endpoint can cause it, as often as they
    /// like, so only the first from each address in a minute is logged and the rest are counted. Rejections after the
    /// check come from GitHub (or from the operator, with checking disabled) and are always logged.
    /// </summary>
    private WebhookResponse RejectUnauthenticated(WebhookOutcome outcome, string message, WebhookDelivery delivery)
    {
        var response = new WebhookResponse(outcome, message);
        var decision = _unauthenticated.Count(RejectionLogThrottle.SourceOf(delivery.RemoteAddress));
        if (decision is { Log: true, NotLogged: 0 })
        {
            Log.RejectedUnauthenticated(logger, delivery.DeliveryId, decision.Source, (int)response.StatusCode, message);
        }
        else if (decision.Log)
        {
            Log.RejectedUnauthenticatedAfterMore(logger, delivery.DeliveryId, decision.Source, (int)response.StatusCode, message, decision.NotLogged);
        }

        return response;
    }

    private static bool TryGetJson(WebhookDelivery delivery, out ReadOnlyMemory<byte> json, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out (WebhookOutcome Outcome, string Message)? error)
    {
        var mediaType = delivery.ContentType?.Split(';', 2)[0].Trim();
        error = null;
        json = delivery.Body;
        if (string.IsNullOrEmpty(mediaType) || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            // GitHub's form setting sends the JSON in a 'payload' field; the signature covers the raw form body.
            var form = System.Web.HttpUtility.ParseQueryString(Encoding.UTF8.GetString(delivery.Body.Span));
            if (form["payload"] is { } payload)
            {
                json = Encoding.UTF8.GetBytes(payload);
                return true;
            }

            error = (WebhookOutcome.BadRequest, "Form-encoded body has no 'payload' field.");
            return false;
        }

        error = (WebhookOutcome.UnsupportedMediaType, $"Content-Type '{mediaType}' is not supported; set the webhook's content type to application/json.");
        return false;
    }

    // Checked on every delivery, twice for the event: a scan for a character outside the set, not a regular expression.
    private static readonly SearchValues<char> EventNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz_");
    private static readonly SearchValues<char> DeliveryIdChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>1 to 64 of a-z and _, as GitHub names its events.</summary>
    internal static bool IsEventName(string value) => value.Length is >= 1 and <= 64 && !value.AsSpan().ContainsAnyExcept(EventNameChars);

    /// <summary>1 to 100 of A-Z, a-z, 0-9 and -: a GUID, as GitHub sends it, or a test tool's id.</summary>
    internal static bool IsDeliveryId(string value) => value.Length is >= 1 and <= 100 && !value.AsSpan().ContainsAnyExcept(DeliveryIdChars);
}
