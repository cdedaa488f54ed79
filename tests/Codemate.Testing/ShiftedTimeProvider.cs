namespace Codemate.Testing;

/// <summary>
/// The system clock moved forward by <see cref="Advance"/>: wall-clock time (token expiry, JWTs) jumps, while timers
/// and timestamps run in real time, so a whole host with real tmux and git keeps working after "an hour" passed.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
