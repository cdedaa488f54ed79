using System.Net;
using System.Text.Json.Nodes;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.GitHubDouble;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>
/// Allow-lists name logins, but logins can be renamed and registered again: an allowed user is matched by the
/// account id the payload carries, and an <c>owner/*</c> entry admits only installations on that owner's account.
/// </summary>
public sealed class AccountMatchTests
{
    [Fact]
    public async Task An_allowed_login_starts_a_session_from_its_account_but_not_from_an_account_that_took_the_login_over()
    {
        await using var world = await TestWorld.CreateAsync("octo", "app");
        await using var host = await world.StartHostAsync(s => s[EnvironmentVariables.AllowedUsers] = TestWorld.Writer);
        var github = new WebhookSender(host.Client, TestSettings.Secret);

        await OpenIssueAsync(world, github, 1, userId: world.GitHub.AccountId(TestWorld.Writer));
        await OpenIssueAsync(world, github, 2, userId: world.GitHub.AccountId(TestWorld.Writer) + 1);

        var messages = await world.AgentLog(1).WaitForMessagesAsync(1);
        Assert.Contains("octo/app#1", messages[0], StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => (await host.GetRequiredService<IStateStore>().GetPendingWorkAsync(default)).Count == 0, "both events to be handled");
        Assert.False(await world.IsTmuxSessionAliveAsync(2));
        Assert.Contains(world.GitHub.Calls, c => c.PathAndQuery.EndsWith($"/users/{TestWorld.Writer}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_owner_wildcard_admits_the_owners_installation_and_not_an_installation_on_another_account()
    {
        await using var world = await TestWorld.CreateAsync("octo", "app");
        world.UseGitHubApp(GitHubAppKeyPair.Generate());
        world.GitHub.SetInstallationAccount(5, "octo");
        world.GitHub.SetInstallationAccount(6, "someone-else");
        await using var host = await world.StartHostAsync(s => s[EnvironmentVariables.AllowedRepositories] = "octo/*");
        var github = new WebhookSender(host.Client, TestSettings.Secret);

        await OpenIssueAsync(world, github, 1, installationId: 5);
        await OpenIssueAsync(world, github, 2, installationId: 6);

        var messages = await world.AgentLog(1).WaitForMessagesAsync(1);
        Assert.Contains("octo/app#1", messages[0], StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => (await host.GetRequiredService<IStateStore>().GetPendingWorkAsync(default)).Count == 0, "both events to be handled");
        Assert.False(await world.IsTmuxSessionAliveAsync(2));
        Assert.Contains(world.GitHub.Calls, c => c.PathAndQuery.EndsWith("/app/installations/6", StringComparison.Ordinal));
    }

    private static async Task OpenIssueAsync(TestWorld world, WebhookSender github, int number, long? userId = null, long? installationId = null)
    {
        world.Remote.OpenIssue(number, author: TestWorld.Writer);
        if (userId is { } authorId)
        {
            world.Remote.EditIssue(number, i => i with { AuthorId = authorId });
        }

        var payload = JsonNode.Parse(WebhookPayloads.IssuesEvent("opened", "octo", "app", number, author: TestWorld.Writer, installationId: installationId))!;
        if (userId is { } id)
        {
            payload["sender"]!["id"] = id;
            payload["issue"]!["user"]!["id"] = id;
        }

        using var response = await github.SendAsync("issues", payload.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
