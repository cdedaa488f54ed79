using System.Net;
using System.Text;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>A stream of forged deliveries through the real server costs one warning, naming the connection's address.</summary>
public sealed class ForgedDeliveryLogTests : IAsyncLifetime
{
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "forged");

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Many_forged_deliveries_are_all_refused_and_logged_once_under_the_peer_address_not_a_forwarded_one()
    {
        var collector = new FakeLogCollector();
        using var logging = new FakeLoggerProvider(collector);
        await using var host = await CodemateTestHost.StartAsync(_world.Settings(), logger: logging);
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "octo", "forged", 1));

        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-GitHub-Event", "issues");
            request.Headers.Add("X-GitHub-Delivery", $"forged-{i}");
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
            // The app configured no forwarded headers, so a claimed client address changes nothing.
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var warning = Assert.Single(collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Id is 1007 or 1008);
        Assert.Equal("127.0.0.1", warning.StructuredState!.Single(p => p.Key == "Source").Value);
    }
}
