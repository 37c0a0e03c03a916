using Fluence.Kernel.Conformance;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;
using Xunit;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

public sealed class DiskFullTests : IDisposable
{
    private const int Chunk = 256 * 1024;
    private readonly TempDirectory _data = new("local-store-full");

    [Fact]
    public async Task A_full_disk_fails_the_add_clearly_keeps_nothing_and_the_store_keeps_serving()
    {
        using var disk = SmallDisk.Mount(sizeKiB: 2048);
        var store = LocalStoreFactory.Create(_data.Path, o => o.Directory = Path.Combine(disk.Path, "store"));
        await store.StartAsync(CancellationToken.None);
        var small = await store.AddAsync(new MemoryStream([1, 2, 3]), pin: true, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ContentStoreException>(async () =>
            await store.AddAsync(StorageConformance.TestContent.Open(16 * Chunk), pin: true, CancellationToken.None));

        Assert.Contains("is full", error.Message);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(store.Directory, "blocks"), "*", SearchOption.AllDirectories));
        await using (var read = await store.OpenReadAsync(small, CancellationToken.None))
        {
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal([1, 2, 3], copy.ToArray());
        }
        var fits = await store.AddAsync(StorageConformance.TestContent.Open(Chunk), pin: true, CancellationToken.None);
        Assert.True(await store.HasAsync(fits, CancellationToken.None));
    }

    public void Dispose() => _data.Dispose();
}
