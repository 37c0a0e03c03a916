using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Storage;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.TestPlugins;

/// <summary>An in-memory content store bounded by <see cref="TestStorageOptions.Capacity"/> items.</summary>
internal sealed class MemoryContentStore(IPeerEnvironment environment, IOptions<TestStorageOptions> options)
    : RecordingLifecycle(environment, "test-storage"), IContentStore
{
    private readonly ConcurrentDictionary<Cid, byte[]> _blocks = new();
    private readonly ConcurrentDictionary<Cid, bool> _pins = new();

    public async ValueTask<Cid> AddAsync(Stream content, bool pin, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var cid = Cid.RawSha256(buffer.ToArray());
        if (_blocks.Count >= options.Value.Capacity && !_blocks.ContainsKey(cid))
            throw new InvalidOperationException("test store is full");
        _blocks[cid] = buffer.ToArray();
        if (pin)
            _pins[cid] = true;
        return cid;
    }

    public ValueTask<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken) =>
        _blocks.TryGetValue(cid, out var bytes) ? ValueTask.FromResult<Stream>(new MemoryStream(bytes, writable: false)) : throw new KeyNotFoundException(cid.ToString());

    public ValueTask<bool> HasAsync(Cid cid, CancellationToken cancellationToken) => ValueTask.FromResult(_blocks.ContainsKey(cid));

    public ValueTask PinAsync(Cid cid, CancellationToken cancellationToken)
    {
        _pins[cid] = true;
        return ValueTask.CompletedTask;
    }

    public ValueTask UnpinAsync(Cid cid, CancellationToken cancellationToken)
    {
        _pins.TryRemove(cid, out _);
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<Cid> ListPinsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var cid in _pins.Keys)
            yield return cid;
    }

    public ValueTask<ContentStat> StatAsync(Cid cid, CancellationToken cancellationToken) =>
        _blocks.TryGetValue(cid, out var bytes) ? ValueTask.FromResult(new ContentStat(cid, bytes.Length, 1)) : throw new KeyNotFoundException(cid.ToString());
}
