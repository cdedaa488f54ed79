using Codemate.Configuration;

namespace Codemate.Hosting;

/// <summary>
/// How long to wait before trying failed work again: <see cref="CodemateOptions.WorkRetryDelay"/>, doubled after each
/// further failure, never more than <see cref="CodemateOptions.MaxWorkRetryDelay"/>. Waits run on the injected clock.
/// </summary>
internal static class WorkBackOff
{
    /// <summary>The wait after the <paramref name="failures"/>th failure in a row (1 or more).</summary>
    public static TimeSpan After(int failures, TimeSpan first)
    {
        var cap = first > CodemateOptions.MaxWorkRetryDelay ? first : CodemateOptions.MaxWorkRetryDelay;
        var delay = first;
        for (var i = 1; i < failures && delay < cap; i++)
        {
            delay += delay;
        }

        return delay < cap ? delay : cap;
    }

    /// <summary>Waits <paramref name="delay"/>; <see langword="false"/> when <paramref name="stoppingToken"/> ended the wait.</summary>
    public static async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
