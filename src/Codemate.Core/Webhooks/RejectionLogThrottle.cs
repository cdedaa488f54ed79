using System.Net;

namespace Codemate.Webhooks;

/// <summary>
/// Bounds what unauthenticated requests cost in logs: the first rejection from a source in a minute is logged, the
/// rest are counted and the count goes with that source's next warning. Anyone who can reach <c>/webhook</c> can send
/// unsigned requests, so both the log volume and this table are bounded: once it holds <see cref="DefaultCapacity"/>
/// sources that were all seen within the minute, further new sources share one entry, so a flood from ever-new
/// addresses still logs about once a minute and keeps no more than that many entries.
/// </summary>
internal sealed class RejectionLogThrottle(TimeProvider time, int capacity = RejectionLogThrottle.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    /// <summary>What the overflow entry is reported as.</summary>
    public const string OtherSources = "other addresses";

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _sources = new(StringComparer.Ordinal);

    // Oldest window first, so expired entries are found at the head without a scan.
    private readonly LinkedList<Entry> _byWindow = new();
    private Entry? _overflow;

    /// <summary>The source a rejection is counted under: the address as text, IPv4 written as IPv4 even when mapped into IPv6.</summary>
    public static string SourceOf(IPAddress? address) => address switch
    {
        null => "an unknown address",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };

    /// <summary>Counts one rejection from <paramref name="source"/> and says whether to log it.</summary>
    public Decision Count(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_sources.TryGetValue(source, out var node))
            {
                var decision = node.Value.Count(source, now);
                if (decision.Log)
                {
                    _byWindow.Remove(node);
                    _byWindow.AddLast(node);
                }

                return decision;
            }

            // Sources whose minute is over have nothing left to suppress; their pending counts are the price of the bound.
            while (_sources.Count >= capacity && _byWindow.First is { } oldest && now - oldest.Value.WindowStart >= Window)
            {
                _byWindow.RemoveFirst();
                _sources.Remove(oldest.Value.Source);
            }

            if (_sources.Count >= capacity)
            {
                _overflow ??= new Entry(OtherSources, now - Window);
                return _overflow.Count(OtherSources, now);
            }

            _sources.Add(source, _byWindow.AddLast(new Entry(source, now)));
            return new Decision(true, source, 0);
        }
    }

    /// <summary>Whether to log a rejection, under which source, and how many from there went unlogged before it.</summary>
    internal readonly record struct Decision(bool Log, string Source, int NotLogged);

    private sealed class Entry(string source, DateTimeOffset windowStart)
    {
        private int _notLogged;

        public string Source { get; } = source;

        public DateTimeOffset WindowStart { get; private set; } = windowStart;

        public Decision Count(string source, DateTimeOffset now)
        {
            if (now - WindowStart < Window)
            {
                _notLogged = _notLogged == int.MaxValue ? _notLogged : _notLogged + 1;
                return new Decision(false, source, 0);
            }

            var notLogged = _notLogged;
            (WindowStart, _notLogged) = (now, 0);
            return new Decision(true, source, notLogged);
        }
    }
}
