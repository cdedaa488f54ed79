using System.Text;
using Codemate.Configuration;
using Codemate.Diagnostics;
using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.Core.Tests.Diagnostics;

/// <summary>The delivery counter: one measurement per answer, labelled with what GitHub can vouch for and nothing else.</summary>
public sealed class DeliveryMetricsTests
{
    private const string Secret = "s3cret";
    private readonly IStateStore _store = Substitute.For<IStateStore>();

    [Fact]
    public async Task An_accepted_delivery_is_counted_once_with_its_event_and_outcome_and_no_repository()
    {
        var metrics = CodemateMetrics.Standalone();
        using var deliveries = new MetricCollector<long>(metrics.Meter, "codemate.webhook.deliveries");
        _store.TryAcceptAsync(default!, default!, default).ReturnsForAnyArgs(call => new PendingWork(1, call.Arg<IssueWork>()));

        var response = await Receiver(metrics).ReceiveAsync(Signed("issues", WebhookPayloads.IssuesEvent("opened", "octo", "secret-repo", 7)), CancellationToken.None);

        Assert.Equal(WebhookOutcome.Accepted, response.Outcome);
        var measurement = Assert.Single(deliveries.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal("issues", measurement.Tags["codemate.event"]);
        Assert.Equal("accepted", measurement.Tags["outcome"]);
        Assert.False(measurement.Tags.ContainsKey("codemate.repository"));
    }

    [Fact]
    public async Task The_repository_is_a_label_only_when_the_operator_allows_it()
    {
        var metrics = CodemateMetrics.Standalone(new CodemateOptions { MetricsRepositoryLabels = true });
        using var deliveries = new MetricCollector<long>(metrics.Meter, "codemate.webhook.deliveries");

        await Receiver(metrics).ReceiveAsync(Signed("issues", WebhookPayloads.IssuesEvent("opened", "octo", "repo", 7)), CancellationToken.None);

        Assert.Equal("octo/repo", Assert.Single(deliveries.GetMeasurementSnapshot()).Tags["codemate.repository"]);
    }

    [Fact]
    public async Task A_forged_delivery_is_counted_as_unauthorized_without_the_event_name_it_claims()
    {
        var metrics = CodemateMetrics.Standalone();
        using var deliveries = new MetricCollector<long>(metrics.Meter, "codemate.webhook.deliveries");
        var body = Encoding.UTF8.GetBytes("{}");

        await Receiver(metrics).ReceiveAsync(new WebhookDelivery("made_up_event", "d-1", "sha256=" + new string('0', 64), "application/json", body), CancellationToken.None);

        var measurement = Assert.Single(deliveries.GetMeasurementSnapshot());
        Assert.Equal("unauthorized", measurement.Tags["outcome"]);
        Assert.Equal("unknown", measurement.Tags["codemate.event"]);
    }

    [Fact]
    public async Task A_redelivery_is_counted_as_a_duplicate_and_an_ignored_event_as_ignored()
    {
        var metrics = CodemateMetrics.Standalone();
        using var deliveries = new MetricCollector<long>(metrics.Meter, "codemate.webhook.deliveries");
        _store.TryAcceptAsync(default!, default!, default).ReturnsForAnyArgs((PendingWork?)null);
        var receiver = Receiver(metrics);

        await receiver.ReceiveAsync(Signed("issues", WebhookPayloads.IssuesEvent("opened", "octo", "repo", 7)), CancellationToken.None);
        await receiver.ReceiveAsync(Signed("issues", WebhookPayloads.IssuesEvent("edited", "octo", "repo", 7)), CancellationToken.None);
        await receiver.ReceiveAsync(Signed("issues", "{not json"), CancellationToken.None);

        Assert.Equal(["duplicate", "ignored", "bad_request"], deliveries.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
    }

    private static WebhookDelivery Signed(string @event, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return new WebhookDelivery(@event, "d-" + Guid.NewGuid().ToString("N"), WebhookSignature.Sign(Secret, body), "application/json", body);
    }

    private WebhookReceiver Receiver(CodemateMetrics metrics)
    {
        var monitor = Substitute.For<IOptionsMonitor<CodemateOptions>>();
        monitor.CurrentValue.Returns(new CodemateOptions { WebhookSecret = Secret });
        var policy = Substitute.For<Codemate.Policy.ITriggerPolicy>();
        policy.IsRepositoryAllowed(default!).ReturnsForAnyArgs(true);
        return new WebhookReceiver(monitor, _store, new WorkQueue(), Substitute.For<IGitHubIdentity>(), policy, metrics, TimeProvider.System, NullLogger<WebhookReceiver>.Instance);
    }
}
