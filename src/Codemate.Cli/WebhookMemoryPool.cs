using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Codemate.Cli;

/// <summary>
/// The buffers <c>codemate serve</c>'s Kestrel reads and writes through: 16 KB blocks instead of Kestrel's 4 KB.
/// Kestrel receives into one block at a time, so a 4 KB block takes four or five system calls to read a typical
/// webhook (10–15 KB of headers and JSON) and one 16 KB block takes one. On a machine where system calls are
/// expensive (a paravirtualised VM) that was a measurable share of each delivery's cost (benchmarks/). A webhook
/// server has few connections, so the larger block an idle connection may hold costs little.
/// </summary>
/// <remarks>
/// Blocks are pinned (sockets read into them) and reused; at most <see cref="MaxRetained"/> are kept between uses
/// (4 MB), so a burst of connections does not stay resident after it.
/// </remarks>
internal sealed class WebhookMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 16 * 1024;

    internal const int MaxRetained = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;

    public override int MaxBufferSize => BlockSize;

    /// <summary>How many returned blocks wait for reuse.</summary>
    internal int Retained => Volatile.Read(ref _retained);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBufferSize"/> is larger than <see cref="BlockSize"/>.</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        // Blocks are managed arrays: whatever is not reused is collected with the pool.
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetained)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _retained);
        }
    }

    private sealed class Block(WebhookMemoryPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }

    /// <summary>Kestrel creates its pools through the <see cref="IMemoryPoolFactory{T}"/> it resolves; this one makes these.</summary>
    internal sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new WebhookMemoryPool();
    }
}
