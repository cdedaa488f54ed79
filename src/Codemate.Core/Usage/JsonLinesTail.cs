using System.Buffers;
using Codemate.Sessions;

namespace Codemate.Usage;

/// <summary>
/// Reads the lines appended to a file since the last read: complete lines only (a line still being written is read
/// next time), through <see cref="AgentFile.Open"/> because the agent writes the file. A file that shrank was replaced
/// and is read again from its start, after telling the caller, who forgets what it counted from it.
/// </summary>
internal sealed class JsonLinesTail(string path)
{
    /// <summary>Longer lines are skipped: no usage entry is that long, and the server's memory is not the agent's to fill.</summary>
    internal const int MaxLineBytes = 8 * 1024 * 1024;

    // Bounds one read, so an agent writing without end cannot hold a check up for long; the rest is read next time.
    private const long MaxBytesPerRead = 64L * 1024 * 1024;
    private const int ChunkBytes = 256 * 1024;
    private long _offset;

    public string Path { get; } = path;

    /// <summary>
    /// Calls <paramref name="line"/> for each complete line appended since the last call, and first
    /// <paramref name="restarted"/> when the file shrank and is read again from its start.
    /// </summary>
    public AgentFileRead ReadNew(Action<ReadOnlyMemory<byte>> line, Action? restarted = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        using var handle = AgentFile.Open(Path, out var opened);
        if (handle is null)
        {
            return opened;
        }

        var length = RandomAccess.GetLength(handle);
        if (length < _offset)
        {
            _offset = 0;
            restarted?.Invoke();
        }

        var end = Math.Min(length, _offset + MaxBytesPerRead);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var partial = new ArrayBufferWriter<byte>();
        var skipping = false;
        try
        {
            var position = _offset;
            while (position < end)
            {
                var read = RandomAccess.Read(handle, chunk.AsSpan(0, (int)Math.Min(ChunkBytes, end - position)), position);
                if (read == 0)
                {
                    break;
                }

                var start = 0;
                while (true)
                {
                    var newline = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                    var piece = chunk.AsMemory(start, (newline < 0 ? read : newline) - start);
                    if (!skipping && partial.WrittenCount + piece.Length > MaxLineBytes)
                    {
                        skipping = true;
                        partial.Clear();
                    }

                    if (newline < 0)
                    {
                        if (!skipping)
                        {
                            partial.Write(piece.Span);
                        }

                        break;
                    }

                    if (!skipping)
                    {
                        if (partial.WrittenCount == 0)
                        {
                            line(piece);
                        }
                        else
                        {
                            partial.Write(piece.Span);
                            line(partial.WrittenMemory);
                        }
                    }

                    partial.Clear();
                    skipping = false;
                    start = newline + 1;
                    _offset = position + start;
                }

                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return AgentFileRead.Read;
    }
}
