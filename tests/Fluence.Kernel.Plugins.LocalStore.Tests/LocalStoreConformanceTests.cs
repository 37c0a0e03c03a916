using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

public sealed class LocalStoreConformanceTests : StorageConformance, IDisposable
{
    private readonly TempDirectory _data = new("local-store");
    private readonly LocalContentStore _store;

    public LocalStoreConformanceTests()
    {
        _store = LocalStoreFactory.Create(_data.Path);
        _store.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    protected override IContentStore Store => _store;

    protected override Task CorruptBlockAsync(Cid block)
    {
        var path = Directory.EnumerateFiles(Path.Combine(_store.Directory, "blocks"), block.ToString(), SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return Task.CompletedTask;
    }

    public void Dispose() => _data.Dispose();
}
