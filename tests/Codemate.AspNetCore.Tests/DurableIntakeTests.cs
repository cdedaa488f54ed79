using System.Net;
using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Codemate.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Codemate.AspNetCore.Tests;

public sealed class DurableIntakeTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Work_interrupted_by_shutdown_is_done_after_the_next_start()
    {
        var settings = TestSettings.Minimal(_root);
        var blocked = new BlockingHandler.Gate();
        await using (var first = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<BlockingHandler>(), s => s.AddSingleton(blocked)))
        {
            using var response = await new WebhookSender(first.Client, TestSettings.Secret).SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 11), "delivery-11");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await blocked.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var handled = new HandledWork();
        await using var second = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<RecordingIssueHandler>(), s => s.AddSingleton(handled));
        await handled.WaitForCompletedAsync(1);
        Assert.Equal("delivery-11", Assert.Single(handled.Completed).DeliveryId);

        // And the redelivery GitHub may send after the restart is recognised.
        using var again = await new WebhookSender(second.Client, TestSettings.Secret).SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 11), "delivery-11");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Work_completed_before_a_restart_is_not_done_again()
    {
        var settings = TestSettings.Minimal(_root);
        var handled = new HandledWork();
        await using (var first = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<RecordingIssueHandler>(), s => s.AddSingleton(handled)))
        {
            using var response = await new WebhookSender(first.Client, TestSettings.Secret).SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 12));
            await handled.WaitForCompletedAsync(1);
        }

        var after = new HandledWork();
        await using var second = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<RecordingIssueHandler>(), s => s.AddSingleton(after));
        await Task.Delay(300);
        Assert.Empty(after.Events);
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_other_issues_and_its_issue_goes_on_once_the_work_is_parked()
    {
        var handled = new HandledWork();
        var settings = TestSettings.Minimal(_root);
        settings[Codemate.Configuration.EnvironmentVariables.WorkMaxAttempts] = "2";
        settings[Codemate.Configuration.EnvironmentVariables.WorkRetrySeconds] = "0.01";
        await using var host = await CodemateTestHost.StartAsync(settings, c => c.UseIssueHandler<ThrowingForIssueOne>(), s => s.AddSingleton(handled));
        var sender = new WebhookSender(host.Client, TestSettings.Secret);

        using var failing = await sender.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 1));
        using var next = await sender.SendAsync("issues", WebhookPayloads.IssuesEvent("opened", "o", "r", 2));
        using var sameIssueLater = await sender.SendAsync("issue_comment", WebhookPayloads.IssueCommentEvent("created", "o", "r", 1, "still there?"));

        await handled.WaitForCompletedAsync(2);
        Assert.Equal([2, 1], handled.Completed.Select(w => w.Issue.Number).Order().Reverse());
        var parked = Assert.Single(await host.GetRequiredService<IStateStore>().GetParkedWorkAsync(default));
        Assert.Equal(("o/r#1", nameof(IssueOpened), 2), (parked.Issue, parked.Kind, parked.Attempts));
    }

    private sealed class BlockingHandler(BlockingHandler.Gate gate) : IIssueHandler
    {
        public async Task HandleAsync(IssueWork work, CancellationToken cancellationToken)
        {
            gate.Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public sealed class Gate
        {
            public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private sealed class ThrowingForIssueOne(HandledWork log) : IIssueHandler
    {
        private readonly RecordingIssueHandler _inner = new(log);

        public Task HandleAsync(IssueWork work, CancellationToken cancellationToken) =>
            work is IssueOpened { Issue.Number: 1 }
                ? throw new InvalidOperationException("boom")
                : _inner.HandleAsync(work, cancellationToken);
    }
}
