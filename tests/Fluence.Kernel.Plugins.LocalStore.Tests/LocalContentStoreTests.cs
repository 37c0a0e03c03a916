using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;
using Xunit;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

public sealed class LocalContentStoreTests : IDisposable
{
    private const int Chunk = 256 * 1024;
    private readonly TempDirectory _data = new("local-store");

    [Fact]
    public async Task Blocks_live_under_the_data_directory_in_local_store()
    {
        var store = await StartedAsync();
        var cid = await store.AddAsync(new MemoryStream([1, 2, 3]), pin: true, CancellationToken.None);

        Assert.Equal(Path.Combine(_data.Path, "local-store"), store.Directory);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_data.Path, "local-store", "blocks"), cid.ToString(), SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_corrupted_leaf_is_reported_as_corruption_of_the_file()
    {
        var store = await StartedAsync();
        var bytes = StorageConformance.TestContent.Bytes(Chunk * 2, seed: 4);
        var cid = await store.AddAsync(new MemoryStream(bytes), pin: true, CancellationToken.None);
        var leaf = BlockPath(store, Cid.RawSha256(bytes.AsSpan(0, Chunk)));
        var damaged = File.ReadAllBytes(leaf);
        damaged[0] ^= 0xFF;
        File.WriteAllBytes(leaf, damaged);

        await using var read = await store.OpenReadAsync(cid, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ContentCorruptedException>(() => read.CopyToAsync(Stream.Null));
        Assert.Equal(cid, error.Cid);
        Assert.Contains(Cid.RawSha256(bytes.AsSpan(0, Chunk)).ToString(), error.Message);
    }

    [Fact]
    public async Task A_corrupted_single_block_file_serves_no_byte()
    {
        var store = await StartedAsync();
        var cid = await store.AddAsync(new MemoryStream("hello fluence"u8.ToArray()), pin: true, CancellationToken.None);
        File.WriteAllText(BlockPath(store, cid), "hello fluencf");

        await using var read = await store.OpenReadAsync(cid, CancellationToken.None);
        var buffer = new byte[64];
        await Assert.ThrowsAsync<ContentCorruptedException>(async () => await read.ReadAtLeastAsync(buffer, 1));
    }

    [Fact]
    public async Task A_missing_leaf_is_reported_as_corruption_not_as_a_missing_file()
    {
        var store = await StartedAsync();
        var bytes = StorageConformance.TestContent.Bytes(Chunk + 10, seed: 8);
        var cid = await store.AddAsync(new MemoryStream(bytes), pin: true, CancellationToken.None);
        File.Delete(BlockPath(store, Cid.RawSha256(bytes.AsSpan(Chunk))));

        await using var read = await store.OpenReadAsync(cid, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ContentCorruptedException>(() => read.CopyToAsync(Stream.Null));
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_fails_clearly_and_leaves_no_block()
    {
        var store = await StartedAsync(o => o.MaxFileSize = 3 * Chunk);

        var error = await Assert.ThrowsAsync<ContentStoreException>(async () =>
            await store.AddAsync(StorageConformance.TestContent.Open(3 * Chunk + 1), pin: true, CancellationToken.None));

        Assert.Contains("LocalStore:MaxFileSize", error.Message);
        Assert.Empty(Directory.EnumerateFiles(store.Directory, "*", SearchOption.AllDirectories));
        var fits = await store.AddAsync(StorageConformance.TestContent.Open(3 * Chunk), pin: true, CancellationToken.None);
        Assert.True(await store.HasAsync(fits, CancellationToken.None));
    }

    [Fact]
    public async Task An_add_whose_input_fails_midway_leaves_no_block_visible()
    {
        var store = await StartedAsync();
        var input = new FailingStream(StorageConformance.TestContent.Open(10 * Chunk), failAfter: 5 * Chunk + 3);
        var firstLeaf = Cid.RawSha256(StorageConformance.TestContent.Bytes(Chunk));

        await Assert.ThrowsAsync<IOException>(async () => await store.AddAsync(input, pin: true, CancellationToken.None));

        Assert.False(await store.HasAsync(firstLeaf, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(store.Directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_cancelled_add_leaves_no_block_visible()
    {
        var store = await StartedAsync();
        using var cancel = new CancellationTokenSource();
        var input = new FailingStream(StorageConformance.TestContent.Open(10 * Chunk), failAfter: long.MaxValue, onRead: read =>
        {
            if (read > 4 * Chunk)
                cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AddAsync(input, pin: true, cancel.Token));

        Assert.Empty(Directory.EnumerateFiles(store.Directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Blocks_left_by_a_crashed_add_are_removed_at_start_and_never_visible()
    {
        var root = Path.Combine(_data.Path, "local-store");
        var leftover = Path.Combine(root, "staging", "0123456789abcdef", "0");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        File.WriteAllBytes(leftover, [1, 2, 3]);

        var store = await StartedAsync();

        Assert.False(File.Exists(leftover));
        Assert.False(await store.HasAsync(Cid.RawSha256([1, 2, 3]), CancellationToken.None));
    }

    [Fact]
    public async Task A_store_directory_that_cannot_be_created_fails_at_start_with_the_path()
    {
        var blocker = Path.Combine(_data.Path, "not-a-directory");
        File.WriteAllText(blocker, "a file where the store's folder should be");
        var store = LocalStoreFactory.Create(_data.Path, o => o.Directory = Path.Combine(blocker, "store"));

        var error = await Assert.ThrowsAsync<ContentStoreException>(() => store.StartAsync(CancellationToken.None));

        Assert.Contains(blocker, error.Message);
    }

    [Fact]
    public async Task Content_and_pins_survive_a_restart()
    {
        var first = await StartedAsync();
        var cid = await first.AddAsync(StorageConformance.TestContent.Open(Chunk + 1), pin: true, CancellationToken.None);

        var second = await StartedAsync();

        Assert.True(await second.HasAsync(cid, CancellationToken.None));
        var pins = new List<Cid>();
        await foreach (var pin in second.ListPinsAsync(CancellationToken.None))
            pins.Add(pin);
        Assert.Equal([cid], pins);
    }

    [Fact]
    public async Task A_CIDv0_of_stored_content_is_not_confused_with_its_raw_CIDv1()
    {
        var store = await StartedAsync();
        var cid = await store.AddAsync(new MemoryStream([9, 9, 9]), pin: true, CancellationToken.None);

        Assert.False(await store.HasAsync(Cid.V0(cid.Hash), CancellationToken.None)); // same hash, dag-pb codec: another block
    }

    [Fact]
    public void The_plugin_manifest_is_embedded_and_names_the_storage_slot()
    {
        using var manifest = typeof(LocalStorePlugin).Assembly.GetManifestResourceStream("plugin.json");
        Assert.NotNull(manifest);
        var text = new StreamReader(manifest).ReadToEnd();
        Assert.Contains("\"local-store\"", text);
        Assert.Contains("\"storage\"", text);
        Assert.Contains("\"LocalStore\"", text);
    }

    public void Dispose() => _data.Dispose();

    private async Task<LocalContentStore> StartedAsync(Action<LocalStoreOptions>? configure = null)
    {
        var store = LocalStoreFactory.Create(_data.Path, configure);
        await store.StartAsync(CancellationToken.None);
        return store;
    }

    private static string BlockPath(LocalContentStore store, Cid cid) =>
        Directory.EnumerateFiles(Path.Combine(store.Directory, "blocks"), cid.ToString(), SearchOption.AllDirectories).Single();

    /// <summary>Passes bytes through and throws an <see cref="IOException"/> once <c>failAfter</c> bytes went by.</summary>
    private sealed class FailingStream(Stream inner, long failAfter, Action<long>? onRead = null) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= failAfter)
                throw new IOException("the source went away");
            int n = inner.Read(buffer, offset, (int)Math.Min(count, failAfter - _read));
            _read += n;
            onRead?.Invoke(_read);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
