using System.Data.Common;
using System.Text.Json;
using Codemate.Issues;

namespace Codemate.State;

/// <summary>
/// What both stores do the same way with queued work once its rows are read: pages of readable work in sequence
/// order, with rows this version cannot read parked instead of thrown, and parked rows read back.
/// </summary>
internal static class QueuedWork
{
    /// <summary>
    /// At most <paramref name="maxCount"/> readable items after <paramref name="afterSequence"/>. A full page with rows
    /// parked out of it may have more readable work behind it, so reading goes on: the caller reads a short page as
    /// "nothing more for now".
    /// </summary>
    public static async Task<IReadOnlyList<PendingWork>> PageAsync(
        long afterSequence,
        int maxCount,
        Func<long, int, Task<List<(long Sequence, byte[] Payload, string? TraceParent)>>> readRows,
        Func<long, Task> parkUnreadable)
    {
        var pending = new List<PendingWork>(Math.Min(maxCount, 256));
        while (true)
        {
            var wanted = maxCount - pending.Count;
            var rows = await readRows(afterSequence, wanted).ConfigureAwait(false);
            foreach (var (sequence, payload, traceParent) in rows)
            {
                afterSequence = sequence;
                if (Deserialize(payload) is { } work)
                {
                    pending.Add(new PendingWork(sequence, work) { TraceParent = traceParent });
                }
                else
                {
                    // Parked, not thrown: one row this version cannot read must not stop the queue (or the host).
                    await parkUnreadable(sequence).ConfigureAwait(false);
                }
            }

            if (rows.Count < wanted || pending.Count >= maxCount)
            {
                return pending;
            }
        }
    }

    /// <summary>
    /// A parked row: <c>seq, issue, kind, delivery_id, attempts, reason, parked_at</c>, as both stores select them.
    /// </summary>
    public const string ParkedColumns = "seq, issue, kind, delivery_id, attempts, reason, parked_at";

    public static ParkedWork ReadParked(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetInt32(4),
        reader.GetString(5),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    private static IssueWork? Deserialize(byte[] payload)
    {
        try
        {
            return JsonSerializer.Deserialize<IssueWork>(payload, StateJson.Options);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
