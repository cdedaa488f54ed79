using System.Net;
using Codemate.AspNetCore.Tests.Security;
using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.Agents;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests;

/// <summary>Issue #21 through the real workflow: GitHub failing for a while costs no comment, <c>/codemate retry</c> runs parked work again and <c>/codemate discard</c> drops it.</summary>
public sealed class ParkedWorkFlowTests : IAsyncLifetime
{
    private const string PermissionOfBob = "collaborators/bob/permission";
    private TestWorld _world = null!;

    public async Task InitializeAsync() => _world = await TestWorld.CreateAsync("octo", "parked");

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task A_comment_whose_permission_lookup_GitHub_fails_for_a_while_is_delivered_once_it_answers()
    {
        await using var host = await StartAsync(maxAttempts: 5);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(3);
        var log = _world.AgentLog(3);
        await log.WaitForMessagesAsync(1);

        _world.GitHub.FailNext(2, DoubleFailure.ServerError(502), "GET", PermissionOfBob);
        await flow.CommentAsync(3, "please add tests", 31);

        var messages = await log.WaitForMessagesAsync(2);
        Assert.Equal("please add tests", AgentPrompts.QuotedText(messages[1]));
        Assert.Equal(HttpStatusCode.OK, (await host.GetJsonAsync("/health")).Status);
    }

    [Fact]
    public async Task Codemate_retry_runs_the_parked_work_of_its_issue_again()
    {
        await using var host = await StartAsync(maxAttempts: 1);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(4);
        var log = _world.AgentLog(4);
        await log.WaitForMessagesAsync(1);

        _world.GitHub.FailNext(1, DoubleFailure.ServerError(503), "GET", PermissionOfBob);
        await flow.CommentAsync(4, "the comment GitHub's outage parked", 41);
        await Eventually.WaitAsync(async () => (await host.GetJsonAsync("/health")).Status == HttpStatusCode.ServiceUnavailable, "/health to report the parked comment");
        var (_, health) = await host.GetJsonAsync("/health");
        Assert.Contains("/codemate retry", health.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using (var retry = await flow.GitHub.SendAsync("issue_comment", Codemate.Testing.Webhooks.WebhookPayloads.IssueCommentEvent("created", flow.Owner, flow.Name, 4, "/codemate retry", TestWorld.Writer, commentId: 42)))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }

        var messages = await log.WaitForMessagesAsync(2);
        Assert.Equal("the comment GitHub's outage parked", AgentPrompts.QuotedText(messages[1]));
        await Eventually.WaitAsync(async () => (await host.GetJsonAsync("/health")).Status == HttpStatusCode.OK, "/health to answer 200 once nothing is parked");
        await _world.WaitForStatusAsync(4, body => body.Contains("failed before again", StringComparison.Ordinal), "the note that parked work runs again");
    }

    [Fact]
    public async Task Codemate_discard_drops_parked_work_so_health_is_ok_again()
    {
        await using var host = await StartAsync(maxAttempts: 1);
        var flow = new Flow(_world, host);
        await flow.OpenIssueAsync(5);
        await _world.AgentLog(5).WaitForMessagesAsync(1);

        _world.GitHub.FailNext(1, DoubleFailure.ServerError(503), "GET", PermissionOfBob);
        await flow.CommentAsync(5, "the comment nobody wants any more", 51);
        await Eventually.WaitAsync(async () => (await host.GetJsonAsync("/health")).Status == HttpStatusCode.ServiceUnavailable, "/health to report the parked comment");
        var (_, health) = await host.GetJsonAsync("/health");
        Assert.Contains("/codemate discard", health.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using (var discard = await flow.GitHub.SendAsync("issue_comment", Codemate.Testing.Webhooks.WebhookPayloads.IssueCommentEvent("created", flow.Owner, flow.Name, 5, "/codemate discard", TestWorld.Writer, commentId: 52)))
        {
            Assert.Equal(HttpStatusCode.Accepted, discard.StatusCode);
        }

        await Eventually.WaitAsync(async () => (await host.GetJsonAsync("/health")).Status == HttpStatusCode.OK, "/health to answer 200 once the parked work is discarded");
        await _world.WaitForStatusAsync(5, body => body.Contains("discarded the event that failed every attempt", StringComparison.Ordinal), "the note that parked work was discarded");
        Assert.Empty(await host.GetRequiredService<Codemate.State.IStateStore>().GetParkedWorkAsync(CancellationToken.None));
    }

    private Task<CodemateTestHost> StartAsync(int maxAttempts) => _world.StartHostAsync(settings =>
    {
        // GitHub's own retries would hide the outage from the dispatcher.
        settings["Codemate:GitHub:MaxRetryAttempts"] = "0";
        settings[EnvironmentVariables.WorkMaxAttempts] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[EnvironmentVariables.WorkRetrySeconds] = "0.05";
    });
}
