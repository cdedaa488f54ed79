using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing.GitHubDouble;
using Microsoft.Extensions.Time.Testing;

namespace Codemate.Core.Tests.GitHub;

public sealed class ResilienceTests
{
    private static readonly RepositoryName Repo = RepositoryName.Create("octo", "app");

    [Fact]
    public async Task A_5xx_answer_is_retried_until_GitHub_recovers()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(2, DoubleFailure.ServerError(503), "GET", "/repos/octo/app");

        Assert.Equal("main", await context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));
        Assert.Equal(3, context.GitHub.Calls.Count(c => c.PathAndQuery == "/api/v3/repos/octo/app"));
        Assert.Contains(context.Logs.GetSnapshot(), r => r.Id.Id == 2001);
    }

    [Fact]
    public async Task A_rate_limited_403_waits_until_x_ratelimit_reset()
    {
        var time = new FakeTimeProvider();
        await using var context = await GitHubTestContext.WithTokenAsync(time);
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(1, DoubleFailure.RateLimited(TimeSpan.FromSeconds(30)), "GET", "/repos/octo/app");

        var (branch, waited) = await AdvanceUntilDoneAsync(time, context.GitHub, context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));

        Assert.Equal("main", branch);
        // x-ratelimit-reset has whole-second precision and the fake clock may be advanced while the 403 is still in
        // flight, so allow a little slack; the default back-off alone would never wait this long.
        Assert.InRange(waited, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After()
    {
        var time = new FakeTimeProvider();
        await using var context = await GitHubTestContext.WithTokenAsync(time);
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(1, DoubleFailure.TooManyRequests(TimeSpan.FromSeconds(20)), "POST", "/comments");

        var (id, waited) = await AdvanceUntilDoneAsync(time, context.GitHub, context.Get<IGitHubApi>().CreateIssueCommentAsync(new IssueKey(Repo, 1), "hi", null, CancellationToken.None));

        Assert.True(id > 0);
        Assert.InRange(waited, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(30));
        Assert.Single(context.GitHub.Repository("octo", "app").Comments);
    }

    [Fact]
    public async Task A_rate_limit_resetting_later_than_the_longest_wait_fails_at_once()
    {
        await using var context = await GitHubTestContext.WithTokenAsync(configure: s => s["Codemate:GitHub:MaxRetryWait"] = "00:00:10");
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(1, DoubleFailure.RateLimited(TimeSpan.FromHours(1)), "GET", "/repos/octo/app");

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.Single(context.GitHub.Calls, c => c.PathAndQuery == "/api/v3/repos/octo/app");
    }

    [Fact]
    public async Task A_401_is_not_retried()
    {
        await using var context = await GitHubTestContext.WithTokenAsync();
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(1, DoubleFailure.Unauthorized(), "GET", "/repos/octo/app");

        var error = await Assert.ThrowsAsync<CodemateException>(() => context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));

        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.Single(context.GitHub.Calls, c => c.PathAndQuery == "/api/v3/repos/octo/app");
    }

    /// <summary>
    /// Once the double has answered the first attempt, advances fake time a second at a time until
    /// <paramref name="call"/> completes; returns how much fake time passed.
    /// </summary>
    private static async Task<(T Result, TimeSpan Waited)> AdvanceUntilDoneAsync<T>(FakeTimeProvider time, GitHubDouble github, Task<T> call)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (github.Calls.Count == 0)
        {
            await Task.Delay(10, deadline.Token);
        }

        var started = time.GetUtcNow();
        while (!call.IsCompleted)
        {
            await Task.Delay(20, deadline.Token);
            if (!call.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        return (await call, time.GetUtcNow() - started);
    }
}
