using Codemate.Issues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemate.Policy;

/// <summary>
/// Per-issue flood protection: at most <see cref="TriggerPolicyOptions.MaxCommentsPerHour"/> comments are
/// forwarded to an issue's agent in any sliding hour. Call <see cref="TryForward"/> once per comment, after the
/// trigger policy allowed it; a refusal is logged here, and its <see cref="FloodCheck.IsFirstDropInWindow"/> tells
/// the caller when to tell the user (once, not once per dropped comment).
/// </summary>
internal sealed partial class FloodGuard(IOptions<TriggerPolicyOptions> options, TimeProvider time, ILogger<FloodGuard> logger)
{
    /// <summary>The window the limit applies to.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const int PruneAbove = 1024;
    private readonly Dictionary<IssueKey, IssueWindow> _issues = [];
    private readonly Lock _lock = new();

    /// <summary>Counts the comment if it is within the limit; otherwise refuses it and logs the drop.</summary>
    public FloodCheck TryForward(IssueKey issue)
    {
        var limit = options.Value.MaxCommentsPerHour;
        var now = time.GetUtcNow();
        FloodCheck check;
        lock (_lock)
        {
            if (_issues.Count > PruneAbove)
            {
                Prune(now);
            }

            if (!_issues.TryGetValue(issue, out var window))
            {
                window = new IssueWindow();
                _issues[issue] = window;
            }

            window.Expire(now - Window);
            if (window.Forwarded.Count < limit)
            {
                window.Forwarded.Enqueue(now);
                window.DroppedSinceLastForward = 0;
                return new FloodCheck(true, window.Forwarded.Count, limit, TimeSpan.Zero, 0);
            }

            window.DroppedSinceLastForward++;
            var retryAfter = window.Forwarded.Peek() + Window - now;
            check = new FloodCheck(false, window.Forwarded.Count, limit, retryAfter, window.DroppedSinceLastForward);
        }

        Log.Dropped(logger, issue.Repository.FullName, issue.Number, check.Forwarded, limit, check.RetryAfter);
        return check;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _issues.ToList())
        {
            window.Expire(now - Window);
            if (window.Forwarded.Count == 0)
            {
                _issues.Remove(key);
            }
        }
    }

    private sealed class IssueWindow
    {
        public Queue<DateTimeOffset> Forwarded { get; } = new();

        public int DroppedSinceLastForward { get; set; }

        public void Expire(DateTimeOffset cutoff)
        {
            while (Forwarded.Count > 0 && Forwarded.Peek() <= cutoff)
            {
                Forwarded.Dequeue();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Warning, "Dropped a comment on {Repository}#{Issue}: {Forwarded} comments were forwarded in the last hour, the limit is {Limit}; the next can be forwarded in {RetryAfter}")]
        public static partial void Dropped(ILogger logger, string repository, int issue, int forwarded, int limit, TimeSpan retryAfter);
    }
}
