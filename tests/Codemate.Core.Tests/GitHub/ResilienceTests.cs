using System.Globalization;
using Codemate.GitHub;
using Codemate.Issues;
using Codemate.Testing;
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

        var (branch, delay, waited) = await RetryOnFakeClockAsync(time, context, "GET", "/repos/octo/app", context.Get<IGitHubApi>().GetDefaultBranchAsync(Repo, null, CancellationToken.None));

        Assert.Equal("main", branch);
        // x-ratelimit-reset has whole-second precision; the default back-off alone would never wait this long.
        Assert.InRange(delay, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
        Assert.True(waited >= delay, $"retried after {waited}, before the {delay} it announced");
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After()
    {
        var time = new FakeTimeProvider();
        await using var context = await GitHubTestContext.WithTokenAsync(time);
        context.GitHub.AddRepository("octo", "app", "main");
        context.GitHub.FailNext(1, DoubleFailure.TooManyRequests(TimeSpan.FromSeconds(20)), "POST", "/comments");

        var (id, delay, waited) = await RetryOnFakeClockAsync(time, context, "POST", "/comments", context.Get<IGitHubApi>().CreateIssueCommentAsync(new IssueKey(Repo, 1), "hi", null, CancellationToken.None));

        Assert.True(id > 0);
        Assert.Equal(TimeSpan.FromSeconds(20), delay);
        Assert.True(waited >= delay, $"retried after {waited}, before the {delay} it announced");
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
    /// Lets one retry happen on the fake clock: returns the delay the pipeline announced (it logs it before waiting) and
    /// how far the clock had to move before the retry reached GitHub. The clock moves a second at a time, since the
    /// pipeline's timer may start a moment after its log line, and stops once the retry arrives so that a slow machine
    /// cannot run out the attempt's own timeout.
    /// </summary>
    private static async Task<(T Result, TimeSpan Delay, TimeSpan Waited)> RetryOnFakeClockAsync<T>(FakeTimeProvider time, GitHubTestContext context, string method, string path, Task<T> call)
    {
        int Attempts() => context.GitHub.Calls.Count(c => c.Method == method && c.PathAndQuery.EndsWith(path, StringComparison.Ordinal));
        await Eventually.WaitAsync(() => context.Logs.GetSnapshot().Any(r => r.Id.Id == 2001), "the retry to be scheduled");
        var retry = context.Logs.GetSnapshot().First(r => r.Id.Id == 2001);
        var delay = TimeSpan.Parse(retry.GetStructuredStateValue("Delay")!, CultureInfo.InvariantCulture);

        var started = time.GetUtcNow();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Attempts() < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no retry after the clock moved {time.GetUtcNow() - started}");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        return (await call.WaitAsync(TimeSpan.FromSeconds(30)), delay, time.GetUtcNow() - started);
    }
}
