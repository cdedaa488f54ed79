using System.Net;
using System.Text;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.Policy;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>Unsigned requests cost one warning per address per minute, however many arrive; the rest are counted.</summary>
public sealed class UnauthenticatedLogTests
{
    private const string Secret = "s3cret-0123456789abcdef";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<WebhookReceiver> _logger = new();
    private readonly WebhookReceiver _receiver;

    public UnauthenticatedLogTests()
    {
        var monitor = Substitute.For<IOptionsMonitor<CodemateOptions>>();
        monitor.CurrentValue.Returns(new CodemateOptions { WebhookSecret = Secret, MaxBodyBytes = 64 * 1024, MaxJsonDepth = 64 });
        _receiver = new WebhookReceiver(monitor, Substitute.For<IStateStore>(), new WorkQueue(), Substitute.For<IGitHubIdentity>(), Substitute.For<ITriggerPolicy>(), Codemate.Diagnostics.CodemateMetrics.Standalone(), _time, _logger);
    }

    [Fact]
    public async Task Only_the_first_bad_signature_from_an_address_in_a_minute_is_logged_and_the_next_warning_counts_the_rest()
    {
        for (var i = 0; i < 38; i++)
        {
            Assert.Equal(WebhookOutcome.Unauthorized, (await ReceiveUnsignedAsync("10.0.0.1")).Outcome);
        }

        Assert.Single(Warnings());
        _time.Advance(TimeSpan.FromSeconds(59));
        await ReceiveUnsignedAsync("10.0.0.1");
        Assert.Single(Warnings());

        _time.Advance(TimeSpan.FromSeconds(1));
        await ReceiveUnsignedAsync("10.0.0.1");

        var warnings = Warnings();
        Assert.Equal(2, warnings.Count);
        Assert.Equal(1007, warnings[0].Id.Id);
        Assert.Equal(1008, warnings[1].Id.Id);
        Assert.Contains("from 10.0.0.1", warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("(38 more rejected from there since the last such warning were not logged)", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_address_gets_its_own_warning_and_an_ipv4_address_counts_the_same_when_mapped_into_ipv6()
    {
        await ReceiveUnsignedAsync("10.0.0.1");
        await ReceiveUnsignedAsync("::ffff:10.0.0.1");
        await ReceiveUnsignedAsync("10.0.0.2");

        Assert.Equal(["10.0.0.1", "10.0.0.2"], Warnings().Select(w => w.StructuredState!.Single(p => p.Key == "Source").Value));
    }

    [Fact]
    public async Task A_signed_delivery_with_a_bad_header_is_logged_every_time()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        for (var i = 0; i < 3; i++)
        {
            var delivery = new WebhookDelivery(null, "d-1", WebhookSignature.Sign(Secret, body), "application/json", body) { RemoteAddress = IPAddress.Parse("10.0.0.1") };
            Assert.Equal(WebhookOutcome.BadRequest, (await _receiver.ReceiveAsync(delivery, default)).Outcome);
        }

        Assert.Equal(3, Warnings().Count(w => w.Id.Id == 1004));
    }

    [Fact]
    public void A_flood_from_ever_new_addresses_shares_one_entry_once_the_table_is_full_and_frees_it_a_minute_later()
    {
        var throttle = new RejectionLogThrottle(_time, capacity: 3);

        var flood = Enumerable.Range(1, 1000).Select(i => throttle.Count($"10.1.{i / 256}.{i % 256}")).ToList();

        Assert.Equal(["10.1.0.1", "10.1.0.2", "10.1.0.3", RejectionLogThrottle.OtherSources], flood.Where(d => d.Log).Select(d => d.Source));
        Assert.All(flood.Skip(3), d => Assert.Equal(RejectionLogThrottle.OtherSources, d.Source));

        // The first three addresses' minute is over: new ones take their places, and the fourth again shares the
        // overflow entry, whose warning reports what it held back.
        _time.Advance(RejectionLogThrottle.Window);
        var later = Enumerable.Range(1, 4).Select(i => throttle.Count($"10.2.0.{i}")).ToList();

        Assert.Equal(["10.2.0.1", "10.2.0.2", "10.2.0.3", RejectionLogThrottle.OtherSources], later.Select(d => d.Source));
        Assert.All(later, d => Assert.True(d.Log));
        Assert.Equal(996, later[3].NotLogged);
    }

    private Task<WebhookResponse> ReceiveUnsignedAsync(string address)
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        var delivery = new WebhookDelivery("issues", "d-1", "sha256=" + new string('0', 64), "application/json", body) { RemoteAddress = IPAddress.Parse(address) };
        return _receiver.ReceiveAsync(delivery, default);
    }

    private List<FakeLogRecord> Warnings() => [.. _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning)];
}
