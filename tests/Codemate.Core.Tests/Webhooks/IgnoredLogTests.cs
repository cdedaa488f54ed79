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

/// <summary>
/// Events Codemate has no row for are routine (a repository's webhook sends many) and logged at Debug; an event it
/// handles but declines says why at Information, as before.
/// </summary>
public sealed class IgnoredLogTests
{
    private const string Secret = "s3cret-0123456789abcdef";
    private readonly FakeLogger<WebhookReceiver> _logger = new();
    private readonly WebhookReceiver _receiver;

    public IgnoredLogTests()
    {
        var monitor = Substitute.For<IOptionsMonitor<CodemateOptions>>();
        monitor.CurrentValue.Returns(new CodemateOptions { WebhookSecret = Secret, MaxBodyBytes = 64 * 1024, MaxJsonDepth = 64 });
        var policy = Substitute.For<ITriggerPolicy>();
        policy.IsRepositoryAllowed(default!).ReturnsForAnyArgs(true);
        _receiver = new WebhookReceiver(monitor, Substitute.For<IStateStore>(), new WorkQueue(), Substitute.For<IGitHubIdentity>(), policy, Codemate.Diagnostics.CodemateMetrics.Standalone(), new FakeTimeProvider(), _logger);
    }

    [Theory]
    [InlineData("issues", "edited")]
    [InlineData("issue_comment", "deleted")]
    [InlineData("star", "created")]
    public async Task An_event_codemate_has_no_use_for_is_answered_ignored_and_logged_only_at_debug(string eventName, string action)
    {
        var json = $"{{\"action\":\"{action}\",\"repository\":{{\"name\":\"r\",\"full_name\":\"o/r\",\"owner\":{{\"login\":\"o\"}}}}}}";
        var response = await ReceiveAsync(eventName, json);

        Assert.Equal(WebhookOutcome.Ignored, response.Outcome);
        Assert.Contains("is not handled", response.Message, StringComparison.Ordinal);
        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((1009, LogLevel.Debug), (record.Id.Id, record.Level));
        Assert.Contains($"with action '{action}' is not handled", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handled_event_codemate_declines_is_logged_at_information_with_the_reason()
    {
        var response = await ReceiveAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 1, "hello", commenter: "ci[bot]", commenterType: "Bot"));

        Assert.Equal(WebhookOutcome.Ignored, response.Outcome);
        var record = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((1002, LogLevel.Information), (record.Id.Id, record.Level));
        Assert.Contains("comment by bot 'ci[bot]'", record.Message, StringComparison.Ordinal);
    }

    private Task<WebhookResponse> ReceiveAsync(string eventName, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return _receiver.ReceiveAsync(new WebhookDelivery(eventName, "d-1", WebhookSignature.Sign(Secret, body), "application/json", body), default);
    }
}
