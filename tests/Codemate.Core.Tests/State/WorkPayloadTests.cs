using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Codemate.Core.Tests.Policy;
using Codemate.Issues;
using Codemate.State;

namespace Codemate.Core.Tests.State;

public sealed class WorkPayloadTests : IDisposable
{
    private readonly StateDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_long_comment_is_stored_compressed_and_read_back_whole()
    {
        var body = LongMarkdown();
        using (var store = _database.Open())
        {
            Assert.NotNull(await store.TryAcceptAsync("d-long", Events.Comment("bob", body), default));
        }

        var stored = Assert.Single(StoredPayloads());
        Assert.Equal(WorkPayload.Lz4Tag, stored[0]);
        Assert.True(stored.Length < Encoding.UTF8.GetByteCount(body) / 2, $"{stored.Length} bytes stored for a {body.Length}-character body");

        using var reopened = _database.Open();
        var pending = Assert.Single(await reopened.GetPendingWorkAsync(default));
        Assert.Equal(body, Assert.IsType<IssueCommentCreated>(pending.Work).Body);
    }

    [Fact]
    public async Task Short_work_is_stored_as_plain_json()
    {
        using var store = _database.Open();
        await store.TryAcceptAsync("d-short", Events.Comment("bob", "please look again"), default);

        var stored = Assert.Single(StoredPayloads());
        Assert.Equal((byte)'{', stored[0]);
        Assert.Equal("please look again", Assert.IsType<IssueCommentCreated>(Assert.Single(await store.GetPendingWorkAsync(default)).Work).Body);
    }

    [Fact]
    public async Task Work_codemate_queues_itself_is_compressed_like_accepted_work()
    {
        var body = LongMarkdown();
        using var store = _database.Open();
        await store.EnqueueWorkAsync(Events.Comment("bob", body), default);

        Assert.Equal(WorkPayload.Lz4Tag, Assert.Single(StoredPayloads())[0]);
        Assert.Equal(body, Assert.IsType<IssueCommentCreated>(Assert.Single(await store.GetPendingWorkAsync(default)).Work).Body);
    }

    [Fact]
    public void A_long_payload_that_does_not_compress_is_kept_as_it_is()
    {
        // Random bytes (even base64 saves a quarter): LZ4 cannot save an eighth of them. Pack does not parse.
        var json = RandomNumberGenerator.GetBytes(6000);
        json[0] = (byte)'{';

        Assert.Equal(json, WorkPayload.Pack(json));
    }

    [Fact]
    public void Json_shorter_than_the_threshold_is_kept_as_it_is_however_compressible()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"body":"{{new string('a', WorkPayload.CompressFrom - 20)}}"}""");

        Assert.Equal(json, WorkPayload.Pack(json));
    }

    [Fact]
    public void Encoding_long_work_allocates_about_what_is_stored_not_its_json()
    {
        var work = Events.Comment("bob", LongMarkdown());
        var json = JsonSerializer.SerializeToUtf8Bytes<IssueWork>(work, StateJson.Options);
        WorkPayload.Encode(work);   // this thread's buffer, kept for the next

        var before = GC.GetAllocatedBytesForCurrentThread();
        var stored = WorkPayload.Encode(work);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < stored.Length + (json.Length / 4), $"{allocated} bytes allocated to store {stored.Length} bytes of {json.Length}-byte JSON");
    }

    [Fact]
    public void Work_encoded_after_longer_work_on_the_same_thread_reads_back_as_itself()
    {
        var huge = Events.Comment("bob", string.Concat(Enumerable.Repeat(LongMarkdown(), 40)));   // past the kept buffer
        var longer = Events.Comment("bob", LongMarkdown());
        var shorter = Events.Comment("bob", "short");

        foreach (var work in new IssueWork[] { huge, longer, shorter, longer, shorter })
        {
            var read = JsonSerializer.Deserialize<IssueWork>(WorkPayload.Unpack(WorkPayload.Encode(work)), StateJson.Options);

            Assert.Equal(((IssueCommentCreated)work).Body, Assert.IsType<IssueCommentCreated>(read).Body);
        }
    }

    [Fact]
    public async Task A_row_an_earlier_version_stored_brotli_compressed_reads_back_whole()
    {
        var body = LongMarkdown();
        using (var store = _database.Open())
        {
            await store.InitializeAsync(default);
        }

        // What the previous version wrote: tag 1, the JSON's length, then a Brotli stream of it.
        var json = JsonSerializer.SerializeToUtf8Bytes<IssueWork>(Events.Comment("bob", body), StateJson.Options);
        var brotli = new byte[json.Length];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(json, brotli, out var written, 1, 22));
        var stored = new byte[5 + written];
        stored[0] = WorkPayload.BrotliTag;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(stored.AsSpan(1), json.Length);
        brotli.AsSpan(0, written).CopyTo(stored.AsSpan(5));
        _database.Execute($"INSERT INTO work (issue, payload, created_at) VALUES ('octo/app#3', X'{Convert.ToHexString(stored)}', 0)");

        using var reopened = _database.Open();
        var pending = Assert.Single(await reopened.GetPendingWorkAsync(default));
        Assert.Equal(body, Assert.IsType<IssueCommentCreated>(pending.Work).Body);
    }

    [Theory]
    [InlineData(new byte[] { WorkPayload.Lz4Tag })]                                  // no length
    [InlineData(new byte[] { WorkPayload.Lz4Tag, 0, 0, 0, 0x7F, 1, 2, 3 })]          // a length no work has
    [InlineData(new byte[] { WorkPayload.Lz4Tag, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2 })]    // a negative length
    [InlineData(new byte[] { WorkPayload.Lz4Tag, 100, 0, 0, 0, 0xF0, 2, 3, 4 })]     // a literal run past the block's end
    [InlineData(new byte[] { WorkPayload.Lz4Tag, 100, 0, 0, 0, 0x1F, 0x61, 9, 0 })]  // a match before the output's start
    [InlineData(new byte[] { WorkPayload.Lz4Tag, 100, 0, 0, 0, 0x30, 0x61, 0x62, 0x63 })] // a valid block of the wrong length
    [InlineData(new byte[] { WorkPayload.BrotliTag })]                               // no length
    [InlineData(new byte[] { WorkPayload.BrotliTag, 0, 0, 0, 0x7F, 1, 2, 3 })]       // a length no work has
    [InlineData(new byte[] { WorkPayload.BrotliTag, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2 })] // a negative length
    [InlineData(new byte[] { WorkPayload.BrotliTag, 100, 0, 0, 0, 1, 2, 3, 4 })]     // not a Brotli stream
    public void A_corrupt_compressed_payload_unpacks_to_nothing(byte[] stored)
    {
        Assert.Empty(WorkPayload.Unpack(stored));
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(5000)]
    [InlineData(70_000)]     // past LZ4's 64 KB match window
    [InlineData(3_000_000)]
    public void Compressible_json_of_any_length_reads_back_byte_for_byte(int length)
    {
        // Words drawn from a small vocabulary: compressible, but with matches at every distance and no long repeats.
        var random = new Random(length);
        var words = new[] { "spin", "wobble", "angle", "delta", "overshoot", "rpm", "log", "🙂", "\n", "`dotnet run`" };
        var text = new StringBuilder("{\"body\":\"");
        while (text.Length < length - 2)
        {
            text.Append(words[random.Next(words.Length)]).Append(' ');
        }

        var json = Encoding.UTF8.GetBytes(text.Append("\"}").ToString());
        var packed = WorkPayload.Pack(json);

        Assert.Equal(WorkPayload.Lz4Tag, packed[0]);
        Assert.Equal(json, WorkPayload.Unpack(packed));
    }

    [Fact]
    public void A_compressed_payload_cut_short_unpacks_to_nothing()
    {
        var packed = WorkPayload.Pack(Encoding.UTF8.GetBytes($$"""{"body":"{{LongMarkdown()}}"}"""));

        Assert.Empty(WorkPayload.Unpack(packed[..(packed.Length / 2)]));
    }

    [Fact]
    public async Task A_corrupt_compressed_row_is_parked_as_unreadable_and_the_work_behind_it_still_runs()
    {
        using (var store = _database.Open())
        {
            await store.InitializeAsync(default);
        }

        _database.Execute("INSERT INTO work (issue, payload, created_at) VALUES ('octo/app#3', X'01640000000102030405', 0)");
        using var reopened = _database.Open();
        await reopened.TryAcceptAsync("d-after", Events.Comment("bob", "after the corrupt row"), default);

        var pending = Assert.Single(await reopened.GetPendingWorkAsync(default));
        Assert.Equal("after the corrupt row", Assert.IsType<IssueCommentCreated>(pending.Work).Body);
        Assert.Equal(ParkedWork.Unreadable, Assert.Single(await reopened.GetParkedWorkAsync(default)).Kind);
    }

    [Fact]
    public async Task Compressed_work_parked_and_retried_comes_back_whole()
    {
        var body = LongMarkdown();
        using var store = _database.Open();
        var accepted = await store.TryAcceptAsync("d-park", Events.Comment("bob", body), default);

        await store.ParkWorkAsync(accepted!, attempts: 6, "GitHub failed on every attempt", default);
        Assert.Empty(await store.GetPendingWorkAsync(default));
        Assert.Equal(1, await store.RequeueParkedWorkAsync(accepted!.Work.Issue, default));

        Assert.Equal(body, Assert.IsType<IssueCommentCreated>(Assert.Single(await store.GetPendingWorkAsync(default)).Work).Body);
    }

    /// <summary>A comment as people write them when reporting a bug: prose, a command, a stack trace, non-ASCII.</summary>
    private static string LongMarkdown()
    {
        var text = new StringBuilder("@codemate the spinner still overshoots — see below. 🙂\n\n");
        for (var i = 1; i <= 40; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"### Run {i}\n\n`dotnet run -- spin --rpm {300 + (i * 7)}` logged `angle delta > {0.5 + (i / 100.0):F2}`.\n")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"```\nat Widgets.Spin.Wobble(Double angle) in spin.cs:line {100 + i}\n```\n\n");
        }

        return text.ToString();
    }

    private List<byte[]> StoredPayloads() => _database.Query<byte[]>("SELECT payload FROM work ORDER BY seq");
}
