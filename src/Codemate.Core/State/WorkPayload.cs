using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Codemate.Issues;
using K4os.Compression.LZ4;

namespace Codemate.State;

/// <summary>
/// How the SQLite store keeps a queued work item: its JSON (<see cref="StateJson"/>), LZ4-compressed when that makes it
/// markedly smaller. An accepted comment or issue carries its whole body, often several KB of markdown, logs or stack
/// traces; every byte of it is written to the WAL and copied again by the checkpoint before the delivery is answered,
/// so on the accepted-webhook path the bytes cost more than compressing them (benchmarks/). Short work is stored as
/// plain JSON, as before, because compressing it saves less than it costs.
/// </summary>
/// <remarks>
/// A compressed payload is a tag byte (<see cref="Lz4Tag"/>, or <see cref="BrotliTag"/> in rows earlier versions
/// wrote), the JSON's length (little-endian <see cref="int"/>), then the compressed block. JSON never starts with
/// either byte, so rows written as plain JSON, by this version or an earlier one, read back unchanged.
/// </remarks>
internal static class WorkPayload
{
    /// <summary>Shorter JSON is stored as it is.</summary>
    internal const int CompressFrom = 1024;

    /// <summary>Rows written before LZ4: a Brotli stream. Still read, no longer written.</summary>
    internal const byte BrotliTag = 0x01;

    internal const byte Lz4Tag = 0x02;

    private const int HeaderLength = 1 + sizeof(int);

    // LZ4's fast level, not Brotli's fastest: it takes about a third of the time Brotli took and decompresses ten times
    // faster, for about a fifth more bytes on markdown (benchmarks/ and a README-like text). Both are far smaller than
    // the JSON; the time was worth more than the bytes.
    private const LZ4Level Level = LZ4Level.L00_FAST;

    // Work is read out of a webhook body (at most 100 MiB, CODEMATE_MAX_BODY_BYTES' ceiling) and is never longer than
    // it by more than its few fields: a recorded length past this is a corrupt row, not a buffer to allocate.
    private const int MaxLength = 128 * 1024 * 1024;

    // Compression is kept only when it saves at least an eighth: otherwise reading it back would cost for nothing.
    private const int MinimumSavingDivisor = 8;

    // A thread's serialisation buffer is kept for its next work item unless one was longer than this.
    private const int MaxKeptBuffer = 64 * 1024;

    // The JSON is only a step on the way to the stored bytes (usually a fraction of its size), so it is written into a
    // buffer the thread keeps rather than a new array per work item, which under load was a quarter of what an
    // accepted webhook allocated.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_json;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Encode(IssueWork work)
    {
        var json = t_json ?? new ArrayBufferWriter<byte>(MaxKeptBuffer / 4);
        var writer = t_writer ?? new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = StateJson.Options.Encoder });
        t_json = null;
        t_writer = null;
        try
        {
            writer.Reset(json);
            JsonSerializer.Serialize(writer, work, StateJson.Options);
            return Pack(json.WrittenSpan);
        }
        finally
        {
            if (json.Capacity <= MaxKeptBuffer)
            {
                json.ResetWrittenCount();
                t_json = json;
                t_writer = writer;
            }
        }
    }

    /// <summary>The stored form of <paramref name="json"/>: compressed when long and compressible, else a copy of it.</summary>
    public static byte[] Pack(ReadOnlySpan<byte> json)
    {
        if (json.Length < CompressFrom)
        {
            return json.ToArray();
        }

        var worthIt = json.Length - (json.Length / MinimumSavingDivisor);
        var buffer = ArrayPool<byte>.Shared.Rent(worthIt);
        try
        {
            var written = LZ4Codec.Encode(json, buffer.AsSpan(HeaderLength, worthIt - HeaderLength), Level);
            if (written <= 0)
            {
                // It did not fit in the space that would have made it worth keeping.
                return json.ToArray();
            }

            buffer[0] = Lz4Tag;
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(1), json.Length);
            return buffer.AsSpan(0, HeaderLength + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The JSON of a stored payload. A compressed payload that does not decompress to its recorded length gives an
    /// empty array, which no reader accepts as work: the row is then parked as unreadable, not thrown.
    /// </summary>
    public static byte[] Unpack(byte[] stored)
    {
        if (stored.Length == 0 || stored[0] is not (BrotliTag or Lz4Tag))
        {
            return stored;
        }

        if (stored.Length < HeaderLength || BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(1)) is not (> 0 and <= MaxLength and var length))
        {
            return [];
        }

        var json = new byte[length];
        if (stored[0] == Lz4Tag)
        {
            return LZ4Codec.Decode(stored.AsSpan(HeaderLength), json) == length ? json : [];
        }

        return BrotliDecoder.TryDecompress(stored.AsSpan(HeaderLength), json, out var written) && written == length ? json : [];
    }
}
