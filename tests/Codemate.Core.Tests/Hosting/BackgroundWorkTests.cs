using Codemate.Hosting;

namespace Codemate.Core.Tests.Hosting;

public sealed class BackgroundWorkTests
{
    [Fact]
    public async Task Settling_waits_for_work_started_while_it_waits()
    {
        var work = new BackgroundWork();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Start(async () =>
        {
            await first.Task;
            work.Start(async () =>
            {
                secondStarted.SetResult();
                await second.Task;
            });
        });

        var settled = work.SettledAsync(CancellationToken.None);
        first.SetResult();
        await secondStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(settled.IsCompleted);

        second.SetResult();
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, work.Count);
    }

    [Fact]
    public async Task A_failed_task_does_not_fail_the_wait_for_the_others()
    {
        var work = new BackgroundWork();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Start(() => throw new InvalidOperationException("handled by its owner"));
        work.Start(() => slow.Task);

        var settled = work.SettledAsync(CancellationToken.None);
        slow.SetResult();

        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, work.Count);
    }

    [Fact]
    public async Task Waiting_can_be_given_up_while_work_still_runs()
    {
        var work = new BackgroundWork();
        var never = new TaskCompletionSource();
        work.Start(() => never.Task);
        using var cancel = new CancellationTokenSource();

        var settled = work.SettledAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => settled.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, work.Count);
        never.SetResult();
    }
}
