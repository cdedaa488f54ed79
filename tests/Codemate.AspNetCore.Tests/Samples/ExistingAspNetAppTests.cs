using System.Net;
using System.Text.Json;
using Codemate.Testing.Webhooks;

namespace Codemate.AspNetCore.Tests.Samples;

public sealed class ExistingAspNetAppTests(ExistingAspNetAppFixture fixture) : IClassFixture<ExistingAspNetAppFixture>
{
    private readonly SampleAppProcess _app = fixture.App;

    [Fact]
    public async Task The_app_keeps_serving_its_own_endpoints_next_to_Codemate()
    {
        Assert.Equal("Orders service", await _app.Client.GetStringAsync(new Uri("/", UriKind.Relative)));

        using var orders = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/orders", UriKind.Relative)));
        Assert.Equal(2, orders.RootElement.GetArrayLength());
        Assert.Equal("Keyboard", orders.RootElement[0].GetProperty("item").GetString());

        using var missing = await _app.Client.GetAsync(new Uri("/orders/99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_signed_ping_is_answered_with_pong()
    {
        var sender = new WebhookSender(_app.Client, ExistingAspNetAppFixture.Secret);

        using var response = await sender.SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await ReadAnswerAsync(response);
        Assert.Equal("pong", answer.Outcome);
        Assert.Equal("pong", answer.Message);
    }

    [Fact]
    public async Task A_signed_issue_edit_is_answered_with_ignored_and_a_reason()
    {
        var sender = new WebhookSender(_app.Client, ExistingAspNetAppFixture.Secret);

        using var response = await sender.SendAsync("issues", WebhookPayloads.IssuesEvent("edited", "octo", "shop", 7));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await ReadAnswerAsync(response);
        Assert.Equal("ignored", answer.Outcome);
        Assert.Contains("edited", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_signed_with_another_secret_is_rejected()
    {
        var sender = new WebhookSender(_app.Client, "not-the-secret");

        using var response = await sender.SendAsync("ping", WebhookPayloads.Ping());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await ReadAnswerAsync(response)).Outcome);
    }

    [Fact]
    public async Task The_options_customisation_in_Program_wins_over_the_environment_variable()
    {
        using var about = JsonDocument.Parse(await _app.Client.GetStringAsync(new Uri("/about", UriKind.Relative)));

        Assert.Equal("orders-app", about.RootElement.GetProperty("codemateTmuxSocket").GetString());
    }

    private static async Task<(string Outcome, string Message)> ReadAnswerAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("outcome").GetString()!, json.RootElement.GetProperty("message").GetString()!);
    }
}
