using System.Net;
using Codemate.Configuration;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>
/// GitHub reports maintain as <c>permission: write</c> and triage as <c>permission: read</c>, with the role in
/// <c>role_name</c>; the double answers the same way, so these requirements pass only if Codemate reads the role.
/// </summary>
public sealed class FinerPermissionTests
{
    [Theory]
    [InlineData("maintain", "maintain", "write")]
    [InlineData("triage", "triage", "read")]
    public async Task A_user_with_the_required_role_starts_a_session_and_one_with_the_role_below_does_not(string required, string enough, string below)
    {
        await using var world = await TestWorld.CreateAsync("octo", "app");
        world.Remote.SetPermission("enough", enough);
        world.Remote.SetPermission("below", below);
        await using var host = await world.StartHostAsync(s => s[EnvironmentVariables.RequiredPermission] = required);
        var github = new WebhookSender(host.Client, TestSettings.Secret);

        await OpenIssueAsync(world, github, 1, "enough");
        await OpenIssueAsync(world, github, 2, "below");

        var messages = await world.AgentLog(1).WaitForMessagesAsync(1);
        Assert.Contains("octo/app#1", messages[0], StringComparison.Ordinal);
        await Eventually.WaitAsync(async () => (await host.GetRequiredService<IStateStore>().GetPendingWorkAsync(default)).Count == 0, "both events to be handled");
        Assert.DoesNotContain(world.Remote.PullRequests, pr => pr.Head == "issue-2");
        Assert.False(await world.IsTmuxSessionAliveAsync(2));
    }

    private static async Task OpenIssueAsync(TestWorld world, WebhookSender github, int number, string author)
    {
        world.Remote.OpenIssue(number, author: author);
        using var response = await github.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "octo", "app", number, author: author));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
