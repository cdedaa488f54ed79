using System.Net;
using Codemate.Configuration;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.AspNetCore.Tests;

public sealed class RepositoryAllowListTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private readonly HandledWork _handled = new();
    private CodemateTestHost _host = null!;

    public async Task InitializeAsync()
    {
        var settings = TestSettings.Minimal(_root);
        settings[EnvironmentVariables.AllowedRepositories] = "octo/app,team/*";
        _host = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<RecordingIssueHandler>(), s => s.AddSingleton(_handled));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [InlineData("octo", "other")]
    [InlineData("stranger", "app")]
    public async Task Events_from_repositories_outside_the_allow_list_are_answered_200_and_never_recorded(string owner, string repo)
    {
        var sender = new WebhookSender(_host.Client, TestSettings.Secret);

        using var response = await sender.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", owner, repo, 1), "outside-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("CODEMATE_ALLOWED_REPOSITORIES", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _host.GetRequiredService<Codemate.State.IStateStore>().GetPendingWorkAsync(default));
    }

    [Theory]
    [InlineData("octo", "app")]
    [InlineData("team", "anything")]
    public async Task Events_from_allowed_repositories_are_accepted(string owner, string repo)
    {
        var sender = new WebhookSender(_host.Client, TestSettings.Secret);

        using var response = await sender.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", owner, repo, 1));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await _handled.WaitForCompletedAsync(1);
    }
}
