using System.Net;
using Codemate.Configuration;
using Codemate.Testing.Webhooks;
using Codemate.Testing.World;

namespace Codemate.Cli.Tests.EndToEnd;

/// <summary>
/// One served world a pull request test class shares (each test on an issue of its own): a CI-fix budget of
/// <see cref="MaxCiFixAttempts"/> and session slots for every issue of the class, since earlier tests leave agents running.
/// </summary>
public sealed class PullRequestServedWorld : IAsyncLifetime
{
    public const int MaxCiFixAttempts = 2;

    public ServedWorld Served { get; private set; } = null!;

    public async Task InitializeAsync() => Served = await ServedWorld.StartAsync(settings =>
    {
        settings[EnvironmentVariables.MaxCiFixAttempts] = MaxCiFixAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[EnvironmentVariables.MaxConcurrentSessions] = "10";
    });

    public async Task DisposeAsync()
    {
        if (Served is not null)
        {
            await Served.DisposeAsync();
        }
    }

    /// <summary>Opens the issue, waits for its agent to get it, and returns the number of Codemate's pull request.</summary>
    public async Task<int> StartAsync(int issue, string body = "It is broken.")
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Served.OpenIssueAsync(issue, body: body)).Status);
        await Served.AgentLog(issue).WaitForMessagesAsync(1);
        return Assert.Single(Served.World.Remote.PullRequests, pr => pr.Head == $"issue-{issue}").Number;
    }

    /// <summary>Sends an event GitHub would send and expects it accepted: queued for the issue's work, in order.</summary>
    public async Task SendAcceptedAsync(string @event, string body)
    {
        var answer = await Served.SendAsync(@event, body);
        Assert.Equal((HttpStatusCode.Accepted, "accepted"), (answer.Status, answer.Outcome));
    }

    /// <summary>Sends an event and expects it ignored at the door for <paramref name="reason"/>.</summary>
    public async Task SendIgnoredAsync(string @event, string body, string reason)
    {
        var answer = await Served.SendAsync(@event, body);
        Assert.Equal((HttpStatusCode.OK, "ignored"), (answer.Status, answer.Outcome));
        Assert.Contains(reason, answer.Message, StringComparison.Ordinal);
    }

    /// <summary>A conversation comment on the pull request, by <paramref name="commenter"/>.</summary>
    public string PullRequestComment(int pull, string text, long id, string commenter = TestWorld.OtherWriter, string commenterType = "User") =>
        WebhookPayloads.IssueCommentEvent("created", Served.Owner, Served.Repo, pull, text, commenter, commenterType, onPullRequest: true, id);
}
