using System.Net;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.Security;

/// <summary>The steps the security tests share: open an issue, comment, wait for the double or the agent.</summary>
internal sealed class Flow(TestWorld world, CodemateTestHost host, long? installationId = null)
{
    public WebhookSender GitHub { get; } = new(host.Client, TestSettings.Secret);

    public string Owner => world.Repository.Owner;

    public string Name => world.Repository.Name;

    public async Task OpenIssueAsync(int number, string body = "It is broken.")
    {
        world.Remote.OpenIssue(number, "Fix the thing", body, TestWorld.Writer);
        using var response = await GitHub.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Name, number, "Fix the thing", body, TestWorld.Writer, installationId: installationId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public string CommentBody(int number, string text, long id) =>
        WebhookPayloads.IssueCommentEvent("created", Owner, Name, number, text, TestWorld.OtherWriter, commentId: id, installationId: installationId);

    public async Task CommentAsync(int number, string text, long id)
    {
        using var response = await GitHub.SendAsync("issue_comment", CommentBody(number, text, id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task CloseIssueAsync(int number)
    {
        using var response = await GitHub.SendAsync("issues", WebhookPayloads.IssuesEvent("closed", Owner, Name, number, installationId: installationId));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public Task WaitForRemoteCommitAsync(int number, string subject) =>
        world.WaitForBranchCommitAsync("issue-" + number, c => c.Subject == subject, $"'{subject}'");
}
