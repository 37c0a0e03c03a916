using System.Collections.Concurrent;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>
/// A bounded pool of reusable instances, created on demand up to <see cref="Size"/>. A renter gives an instance back
/// with <see cref="Return"/>, or <see cref="DiscardAsync"/> when it may be corrupt (a trap): the slot is freed and the
/// next renter gets a fresh instance.
/// </summary>
internal sealed class InstancePool<T>(int size, Func<CancellationToken, ValueTask<T>> create) : IAsyncDisposable
    where T : class, IAsyncDisposable
{
    private readonly ConcurrentBag<T> _idle = [];
    private readonly SemaphoreSlim _slots = new(size, size);
    private int _live;
    private volatile bool _disposed;

    public int Size { get; } = size;

    /// <summary>Instances currently in existence (idle or rented).</summary>
    public int Live => Volatile.Read(ref _live);

    public async ValueTask<T> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_idle.TryTake(out var idle))
            return idle;
        try
        {
            var instance = await create(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _live);
            return instance;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>
    /// Creates idle instances until <see cref="Size"/> exist, one at a time and only while a slot is free, so the first
    /// burst of concurrent invocations does not wait for instantiation and warm-up never delays an invocation.
    /// </summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        while (!_disposed && !cancellationToken.IsCancellationRequested && _slots.Wait(0))
        {
            T instance;
            try
            {
                // Checked while holding a slot: every instance not idle holds one, so this cannot overshoot Size.
                if (Live >= Size)
                {
                    _slots.Release();
                    return;
                }
                instance = await create(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _live);
            }
            catch
            {
                _slots.Release();
                throw;
            }
            Return(instance);
        }
    }

    public void Return(T instance)
    {
        if (_disposed)
        {
            _ = DisposeInstanceAsync(instance).AsTask();
            return;
        }
        _idle.Add(instance);
        _slots.Release();
        // Disposal may have drained the bag between the check above and the Add.
        if (_disposed && _idle.TryTake(out var late))
            _ = DisposeInstanceAsync(late).AsTask();
    }

    public async ValueTask DiscardAsync(T instance)
    {
        try
        {
            await DisposeInstanceAsync(instance).ConfigureAwait(false);
        }
        finally
        {
            if (!_disposed)
                _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var instance))
            await DisposeInstanceAsync(instance).ConfigureAwait(false);
    }

    private async ValueTask DisposeInstanceAsync(T instance)
    {
        Interlocked.Decrement(ref _live);
        await instance.DisposeAsync().ConfigureAwait(false);
    }
}
