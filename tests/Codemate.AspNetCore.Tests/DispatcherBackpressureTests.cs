using Codemate.Hosting;
using Codemate.Issues;
using Codemate.State;
using Codemate.Testing;
using Codemate.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codemate.AspNetCore.Tests;

public sealed class DispatcherBackpressureTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_flood_of_accepted_work_waits_in_the_store_not_in_memory_and_all_of_it_runs()
    {
        var settings = TestSettings.Minimal(_root);
        settings["CODEMATE_MAX_CONCURRENT_ISSUES"] = "1";
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new HandledWork { Work = (_, cancellationToken) => gate.Task.WaitAsync(cancellationToken) };
        await using var host = await CodemateTestHost.StartAsync(
            settings,
            c => c.UseIssueHandler<RecordingIssueHandler>(),
            s => s.AddSingleton(handled));
        var store = host.GetRequiredService<IStateStore>();
        var queue = host.GetRequiredService<WorkQueue>();
        var dispatcher = host.Services.GetServices<IHostedService>().OfType<WorkDispatcher>().Single();
        var total = WorkDispatcher.MaxHeld + 200;

        for (var i = 1; i <= total; i++)
        {
            await store.TryAcceptAsync($"flood-{i}", Opened(i), default);
        }

        queue.Notify();
        await Eventually.WaitAsync(() => dispatcher.Held == WorkDispatcher.MaxHeld, "the dispatcher to fill up");
        await Task.Delay(200);
        Assert.Equal(WorkDispatcher.MaxHeld, dispatcher.Held);

        gate.SetResult();
        try
        {
            await handled.WaitForCompletedAsync(total, TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"completed {handled.Completed.Count} of {total}; held {dispatcher.Held}; pending in store {(await store.GetPendingWorkAsync(default)).Count}");
        }

        Assert.Equal(Enumerable.Range(1, total), handled.Completed.Select(w => w.Issue.Number).Order());
        await Eventually.WaitAsync(() => dispatcher.Held == 0, "the dispatcher to drain");
    }

    private static IssueOpened Opened(int number) => new()
    {
        Issue = new IssueKey(RepositoryName.Create("o", "r"), number),
        Details = new IssueDetails("t", "b", "alice", string.Empty, []),
        DeliveryId = $"flood-{number}",
        Sender = new Actor("alice", false),
    };
}
