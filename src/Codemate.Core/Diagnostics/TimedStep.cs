using System.Diagnostics;
using System.Diagnostics.Metrics;
using Codemate.Issues;

namespace Codemate.Diagnostics;

/// <summary>
/// Runs one step of the work as a span of the current trace and records its duration. Each step is its own async
/// method, so steps that run side by side (the pull request opening while the agent starts) get sibling spans.
/// </summary>
internal static class TimedStep
{
    public static async Task<T> RunAsync<T>(string name, Histogram<double>? duration, CodemateMetrics? metrics, IssueKey issue, Func<Task<T>> step)
    {
        using var activity = CodemateTelemetry.Source.StartActivity(name);
        IssueTags.Set(activity, issue);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            if (duration is not null && metrics is not null)
            {
                duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, metrics.IssueTags(issue));
            }
        }
    }

    public static Task RunAsync(string name, Histogram<double>? duration, CodemateMetrics? metrics, IssueKey issue, Func<Task> step) =>
        RunAsync(name, duration, metrics, issue, async () =>
        {
            await step().ConfigureAwait(false);
            return true;
        });
}
