using System.Text;
using Codemate.Configuration;
using Codemate.GitHub;
using Codemate.Hosting;
using Codemate.State;
using Codemate.Testing.Webhooks;
using Codemate.Webhooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace Codemate.Core.Tests.Webhooks;

/// <summary>What a forger can send to the receiver: nothing reaches the state store unless it is signed and well formed.</summary>
public sealed class WebhookReceiverHardeningTests
{
    private const string Secret = "s3cret";
    private readonly IStateStore _store = Substitute.For<IStateStore>();
    private readonly CodemateOptions _options = new() { WebhookSecret = Secret, MaxBodyBytes = 64 * 1024, MaxJsonDepth = 64 };

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_before_the_signature_is_checked()
    {
        var response = await Receive(Signed(new string(' ', 70 * 1024) + "{}"));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, response.Outcome);
        await NothingRecorded();
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_limit_is_refused()
    {
        var response = await Receive(Signed(new string('[', 100) + new string(']', 100)));

        Assert.Equal(WebhookOutcome.BadRequest, response.Outcome);
        Assert.Contains("deeper than 64", response.Message, StringComparison.Ordinal);
        await NothingRecorded();
    }

    [Fact]
    public async Task A_handled_event_nested_deeper_than_the_limit_in_a_field_Codemate_never_reads_is_refused()
    {
        // The action comes first, so the one-pass typed read takes it; the limit still holds and is still named.
        var json = WebhookPayloads.IssuesEvent("opened", "o", "r", 1)[..^1] + ",\"extra\":" + new string('[', 100) + new string(']', 100) + "}";

        var response = await Receive(Signed(json));

        Assert.Equal(WebhookOutcome.BadRequest, response.Outcome);
        Assert.Contains("deeper than 64", response.Message, StringComparison.Ordinal);
        await NothingRecorded();
    }

    [Theory]
    [InlineData("issues", "{0} trailing")]
    [InlineData("issues", "{0}{{}}")]
    [InlineData("issue_comment", "{0} trailing")]
    public async Task A_handled_event_followed_by_more_than_its_object_is_not_valid_json(string eventName, string shape)
    {
        var payload = eventName == "issues" ? WebhookPayloads.IssuesEvent("opened", "o", "r", 1) : WebhookPayloads.IssueCommentEvent("created", "o", "r", 1, "hi");
        var delivery = Signed(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, payload)) with { Event = eventName };

        var response = await Receive(delivery);

        Assert.Equal(WebhookOutcome.BadRequest, response.Outcome);
        Assert.Equal("Body is not valid JSON.", response.Message);
        await NothingRecorded();
    }

    [Fact]
    public async Task A_handled_event_whose_action_is_not_its_first_property_is_accepted_all_the_same()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(WebhookPayloads.IssueCommentEvent("created", "o", "r", 5, "please also fix the docs"))!.AsObject();
        node.Remove("action");
        node["action"] = "created";
        Codemate.Issues.IssueWork? recorded = null;
        _store.TryAcceptAsync("d-1", Arg.Do<Codemate.Issues.IssueWork>(w => recorded = w), Arg.Any<CancellationToken>())
            .Returns(call => new PendingWork(1, call.Arg<Codemate.Issues.IssueWork>()));

        var response = await Receive(Signed(node.ToJsonString()) with { Event = "issue_comment" });

        Assert.Equal(WebhookOutcome.Accepted, response.Outcome);
        var comment = Assert.IsType<Codemate.Issues.IssueCommentCreated>(recorded);
        Assert.Equal("please also fix the docs", comment.Body);
        Assert.Equal(5, comment.Issue.Number);
    }

    [Fact]
    public async Task A_body_signed_with_another_secret_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        var response = await Receive(new WebhookDelivery("issues", "d-1", WebhookSignature.Sign("wrong", body), "application/json", body));

        Assert.Equal(WebhookOutcome.Unauthorized, response.Outcome);
        await NothingRecorded();
    }

    [Theory]
    [InlineData(null, "d-1")]
    [InlineData("Issues; rm -rf", "d-1")]
    [InlineData("issues", null)]
    [InlineData("issues", "../../etc/passwd")]
    [InlineData("issues\n", "d-1")]
    [InlineData("Issues", "d-1")]
    [InlineData("issues", "d-1\n")]
    [InlineData("issues", "d_1")]
    [InlineData("a_long_event_name_past_sixty_four_characters_is_not_one_github_sends", "d-1")]
    public async Task Missing_or_malformed_event_and_delivery_headers_are_refused(string? eventName, string? deliveryId)
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        var response = await Receive(new WebhookDelivery(eventName, deliveryId, WebhookSignature.Sign(Secret, body), "application/json", body));

        Assert.Equal(WebhookOutcome.BadRequest, response.Outcome);
        await NothingRecorded();
    }

    [Fact]
    public async Task The_longest_event_name_and_delivery_id_allowed_are_accepted()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        var deliveryId = "A-z0" + new string('9', 96);
        _store.TryAcceptAsync(deliveryId, Arg.Any<Codemate.Issues.IssueWork>(), Arg.Any<CancellationToken>())
            .Returns(call => new PendingWork(1, call.Arg<Codemate.Issues.IssueWork>()));
        var response = await Receive(new WebhookDelivery("issues", deliveryId, WebhookSignature.Sign(Secret, body), "application/json", body));
        var unknown = await Receive(new WebhookDelivery(new string('x', 64), "d-2", WebhookSignature.Sign(Secret, body), "application/json", body));

        Assert.Equal(WebhookOutcome.Accepted, response.Outcome);
        Assert.Equal(WebhookOutcome.Ignored, unknown.Outcome);
    }

    [Fact]
    public async Task An_unsupported_content_type_is_refused()
    {
        var delivery = Signed("{}") with { ContentType = "text/xml" };

        Assert.Equal(WebhookOutcome.UnsupportedMediaType, (await Receive(delivery)).Outcome);
    }

    private WebhookDelivery Signed(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return new WebhookDelivery("issues", "d-1", WebhookSignature.Sign(Secret, body), "application/json", body);
    }

    private Task<WebhookResponse> Receive(WebhookDelivery delivery)
    {
        var monitor = Substitute.For<IOptionsMonitor<CodemateOptions>>();
        monitor.CurrentValue.Returns(_options);
        var policy = Substitute.For<Codemate.Policy.ITriggerPolicy>();
        policy.IsRepositoryAllowed(default!).ReturnsForAnyArgs(true);
        var receiver = new WebhookReceiver(monitor, _store, new WorkQueue(), Substitute.For<IGitHubIdentity>(), policy, Codemate.Diagnostics.CodemateMetrics.Standalone(), TimeProvider.System, NullLogger<WebhookReceiver>.Instance);
        return receiver.ReceiveAsync(delivery, CancellationToken.None);
    }

    private Task NothingRecorded() =>
        _store.DidNotReceiveWithAnyArgs().TryAcceptAsync(default!, default!, default);
}
