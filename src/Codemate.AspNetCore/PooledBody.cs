using System.Buffers;

namespace Codemate.AspNetCore;

/// <summary>
/// A request body in a buffer from the shared pool, returned when disposed. Under load every accepted webhook allocated
/// its body anew (about a third of what a delivery allocates), and the collections that garbage caused paused the
/// whole server. Bodies larger than <see cref="MaxPooledBytes"/> (rare: GitHub's payloads are mostly a few KB) get
/// their own array, so the pool never holds on to a large one.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    /// <summary>The largest body read into a pooled buffer.</summary>
    internal const int MaxPooledBytes = 1024 * 1024;

    private byte[]? _rented;
    private readonly byte[] _array;
    private readonly int _length;

    private PooledBody(byte[] array, int length, bool rented)
    {
        _array = array;
        _length = length;
        _rented = rented ? array : null;
    }

    /// <summary>The body's bytes.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    /// <summary>Where the body is read to: exactly its length.</summary>
    public Memory<byte> Writable => _array.AsMemory(0, _length);

    /// <summary>A buffer of exactly <paramref name="length"/> bytes to read a body into.</summary>
    public static PooledBody Rent(int length) =>
        length <= MaxPooledBytes
            ? new PooledBody(ArrayPool<byte>.Shared.Rent(length), length, rented: true)
            // Every byte is overwritten by the read, so the array need not be zeroed first.
            : new PooledBody(GC.AllocateUninitializedArray<byte>(length), length, rented: false);

    /// <summary>A body already read into its own array.</summary>
    public static PooledBody Of(byte[] body) => new(body, body.Length, rented: false);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
