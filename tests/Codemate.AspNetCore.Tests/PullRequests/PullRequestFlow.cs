using System.Net;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.AspNetCore.Tests.PullRequests;

/// <summary>The steps the pull request feedback tests share: start an issue's agent, send events, expect answers.</summary>
internal sealed class PullRequestFlow(TestWorld world, CodemateTestHost host)
{
    private readonly WebhookSender _github = new(host.Client, TestSettings.Secret);

    public string Owner => world.Repository.Owner;

    public string Name => world.Repository.Name;

    /// <summary>Opens the issue, waits for its agent to get it, and returns the number of Codemate's pull request.</summary>
    public async Task<int> StartAsync(int issue, string body = "It is broken.")
    {
        world.Remote.OpenIssue(issue, "Fix the thing", body, TestWorld.Writer);
        await SendAsync("issues", WebhookPayloads.IssuesEvent("opened", Owner, Name, issue, body: body, author: TestWorld.Writer));
        await world.AgentLog(issue).WaitForMessagesAsync(1);
        return Assert.Single(world.Remote.PullRequests, pr => pr.Head == $"issue-{issue}").Number;
    }

    public Task CommentOnPullRequestAsync(int pull, string text, long id, string commenter = TestWorld.OtherWriter) =>
        SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", Owner, Name, pull, text, commenter, onPullRequest: true, commentId: id));

    public async Task SendAsync(string @event, string body)
    {
        using var response = await _github.SendAsync(@event, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task SendIgnoredAsync(string @event, string body, string reason)
    {
        using var response = await _github.SendAsync(@event, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
