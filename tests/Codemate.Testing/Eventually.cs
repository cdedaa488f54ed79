using System.Diagnostics;

namespace Codemate.Testing;

/// <summary>Waits for a condition by polling, instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; throws naming <paramref name="what"/> after <paramref name="timeout"/> (default 30 s).</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit} waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Same as <see cref="WaitAsync(Func{Task{bool}}, string, TimeSpan?)"/> for a synchronous condition.</summary>
    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout);
}
