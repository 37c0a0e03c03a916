using System.Security.Cryptography;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Xunit;

namespace Fluence.Kernel.Conformance;

/// <summary>
/// What every provider of the storage slot (<see cref="IContentStore"/>) must do. The expected CIDs are what
/// <c>ipfs add --cid-version 1 --raw-leaves</c> answered for the same bytes (taken from the js-ipfs 0.66.1 daemon), so
/// every store that passes names content exactly as IPFS does.
/// </summary>
public abstract class StorageConformance
{
    protected const int Chunk = 256 * 1024;
    protected const int MiB = 1024 * 1024;

    /// <summary>The store under test. It may hold what other tests of the class added; each test uses its own content.</summary>
    protected abstract IContentStore Store { get; }

    /// <summary>Damages the stored copy of <paramref name="block"/> in place (its bytes change, its name does not).</summary>
    protected abstract Task CorruptBlockAsync(Cid block);

    /// <summary>CIDs of <see cref="TestContent"/> with seed 1, from <c>ipfs add --cid-version 1 --raw-leaves</c>.</summary>
    public static TheoryData<long, string> IpfsCids => new()
    {
        { 0, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku" },
        { 1, "bafkreibac77tiyjzkzzkucve6zejj7jpswslcihcnehisulfnv423qxo2i" },
        { Chunk - 1, "bafkreigzrzb7wp4cn7pqyvpmy7zbdsdigg5vrifqym3octrmhwdmxn7wae" },
        { Chunk, "bafkreif44p2wfjqkzadizh5rpf4l2pflvwgfm72it2eabin65qrgk6cz7i" },
        { Chunk + 1, "bafybeifa4betupbb4652swfukttety6h5jpb5t72uvmqvvhdgqfn3tqfma" },
        { 10 * MiB, "bafybeifqp5fchczfmc33ifyvgnwli5wkoxcvdm27a2l43vl34ekduohb64" },
    };

    protected const string Cid100MiB = "bafybeibutq2i452m3763ctmcktta32k6jckkdu4nea6uvbx2m434jeywke";

    [Theory]
    [MemberData(nameof(IpfsCids))]
    public async Task Adding_content_gives_the_CID_ipfs_add_gives(long size, string expected)
    {
        var cid = await Store.AddAsync(TestContent.Open(size), pin: true, CancellationToken.None);
        Assert.Equal(expected, cid.ToString());
    }

    [Fact]
    public async Task Adding_100_MiB_gives_the_CID_ipfs_add_gives_and_reads_back_whole()
    {
        const long size = 100L * MiB;
        var cid = await Store.AddAsync(TestContent.Open(size), pin: true, CancellationToken.None);
        Assert.Equal(Cid100MiB, cid.ToString());
        await using var read = await Store.OpenReadAsync(cid, CancellationToken.None);
        Assert.Equal(TestContent.Sha256(size), await Sha256Async(read));
        var stat = await Store.StatAsync(cid, CancellationToken.None);
        Assert.Equal(size, stat.Size);
        Assert.Equal(400 + 3 + 1, stat.BlockCount); // 400 leaves under 3 nodes (174 + 174 + 52) under the root
    }

    [Theory]
    [InlineData(1)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * MiB + 12345)]
    public async Task Content_round_trips_byte_for_byte(int size)
    {
        var bytes = TestContent.Bytes(size, seed: 7);
        var cid = await Store.AddAsync(new MemoryStream(bytes), pin: true, CancellationToken.None);
        Assert.True(await Store.HasAsync(cid, CancellationToken.None));
        await using var read = await Store.OpenReadAsync(cid, CancellationToken.None);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Stat_reports_the_file_size_and_its_blocks()
    {
        var single = await Store.AddAsync(TestContent.Open(1000), pin: true, CancellationToken.None);
        var three = await Store.AddAsync(TestContent.Open(Chunk + 1), pin: true, CancellationToken.None);

        Assert.Equal(new ContentStat(single, 1000, 1), await Store.StatAsync(single, CancellationToken.None));
        Assert.Equal(new ContentStat(three, Chunk + 1, 3), await Store.StatAsync(three, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_CID_is_reported_as_not_found()
    {
        var missing = Cid.RawSha256("never added to any store"u8);

        Assert.False(await Store.HasAsync(missing, CancellationToken.None));
        var read = await Assert.ThrowsAsync<ContentNotFoundException>(async () => await Store.OpenReadAsync(missing, CancellationToken.None));
        Assert.Equal(missing, read.Cid);
        await Assert.ThrowsAsync<ContentNotFoundException>(async () => await Store.StatAsync(missing, CancellationToken.None));
        await Assert.ThrowsAsync<ContentNotFoundException>(async () => await Store.PinAsync(missing, CancellationToken.None));
    }

    [Fact]
    public async Task Pins_follow_add_pin_and_unpin()
    {
        var pinned = await Store.AddAsync(TestContent.Open(5000, seed: 11), pin: true, CancellationToken.None);
        var loose = await Store.AddAsync(TestContent.Open(Chunk * 2 + 5, seed: 12), pin: false, CancellationToken.None);

        var pins = await ListPinsAsync();
        Assert.Contains(pinned, pins);
        Assert.DoesNotContain(loose, pins);

        await Store.PinAsync(loose, CancellationToken.None);
        Assert.Contains(loose, await ListPinsAsync());

        await Store.UnpinAsync(pinned, CancellationToken.None);
        pins = await ListPinsAsync();
        Assert.DoesNotContain(pinned, pins);
        Assert.Contains(loose, pins);
        Assert.True(await Store.HasAsync(pinned, CancellationToken.None)); // unpinning does not delete

        await Assert.ThrowsAnyAsync<ContentStoreException>(async () => await Store.UnpinAsync(pinned, CancellationToken.None));
    }

    [Fact]
    public async Task Adding_the_same_content_concurrently_gives_one_CID()
    {
        var adds = Enumerable.Range(0, 4)
            .Select(_ => Task.Run(async () => await Store.AddAsync(TestContent.Open(Chunk * 3 + 17, seed: 5), pin: true, CancellationToken.None)))
            .ToArray();
        var cids = await Task.WhenAll(adds);
        Assert.Single(cids.Distinct());
        await using var read = await Store.OpenReadAsync(cids[0], CancellationToken.None);
        Assert.Equal(TestContent.Sha256(Chunk * 3 + 17, seed: 5), await Sha256Async(read));
    }

    [Fact]
    public async Task A_corrupted_block_is_detected_when_read()
    {
        const int size = Chunk * 2 + 100;
        var bytes = TestContent.Bytes(size, seed: 3);
        var cid = await Store.AddAsync(new MemoryStream(bytes), pin: true, CancellationToken.None);
        await CorruptBlockAsync(Cid.RawSha256(bytes.AsSpan(Chunk, Chunk))); // the second leaf

        await Assert.ThrowsAnyAsync<ContentStoreException>(async () =>
        {
            await using var read = await Store.OpenReadAsync(cid, CancellationToken.None);
            await read.CopyToAsync(Stream.Null);
        });
    }

    protected async Task<List<Cid>> ListPinsAsync()
    {
        var pins = new List<Cid>();
        await foreach (var cid in Store.ListPinsAsync(CancellationToken.None))
            pins.Add(cid);
        return pins;
    }

    protected static async Task<string> Sha256Async(Stream stream) => Convert.ToHexString(await SHA256.HashDataAsync(stream));

    /// <summary>
    /// Reproducible pseudo-random content of any length (xorshift64*), produced as it is read, so 100 MiB never sit in
    /// memory and the daemon and every store see identical bytes.
    /// </summary>
    public sealed class TestContent : Stream
    {
        private readonly long _length;
        private ulong _state;
        private long _position;
        private ulong _word;
        private int _wordLeft;

        private TestContent(long length, int seed)
        {
            _length = length;
            _state = 0x9E3779B97F4A7C15UL * (ulong)(seed + 1) | 1;
        }

        public static Stream Open(long length, int seed = 1) => new TestContent(length, seed);

        public static byte[] Bytes(int length, int seed = 1)
        {
            var bytes = new byte[length];
            using var stream = Open(length, seed);
            stream.ReadExactly(bytes);
            return bytes;
        }

        public static string Sha256(long length, int seed = 1)
        {
            using var stream = Open(length, seed);
            return Convert.ToHexString(SHA256.HashData(stream));
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, _length - _position);
            for (int i = 0; i < n; i++)
            {
                if (_wordLeft == 0)
                {
                    _state ^= _state >> 12;
                    _state ^= _state << 25;
                    _state ^= _state >> 27;
                    _word = _state * 0x2545F4914F6CDD1DUL;
                    _wordLeft = 8;
                }
                buffer[i] = (byte)_word;
                _word >>= 8;
                _wordLeft--;
            }
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
