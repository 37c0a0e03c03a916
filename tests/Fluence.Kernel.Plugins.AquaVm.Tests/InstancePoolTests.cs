namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class InstancePoolTests
{
    private sealed class Instance(int number) : IAsyncDisposable
    {
        public int Number { get; } = number;
        public bool Disposed { get; private set; }
        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private static (InstancePool<Instance> Pool, Func<int> Created) NewPool(int size)
    {
        var created = 0;
        var pool = new InstancePool<Instance>(size, _ => ValueTask.FromResult(new Instance(Interlocked.Increment(ref created))));
        return (pool, () => created);
    }

    [Fact]
    public async Task A_returned_instance_is_reused()
    {
        var (pool, created) = NewPool(2);
        var first = await pool.RentAsync(CancellationToken.None);
        pool.Return(first);
        var second = await pool.RentAsync(CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, created());
    }

    [Fact]
    public async Task Renting_beyond_the_size_waits_for_a_return()
    {
        var (pool, created) = NewPool(2);
        var a = await pool.RentAsync(CancellationToken.None);
        await pool.RentAsync(CancellationToken.None);

        var third = pool.RentAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        pool.Return(a);
        Assert.Same(a, await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, created());
    }

    [Fact]
    public async Task A_discarded_instance_is_disposed_and_replaced_by_a_fresh_one()
    {
        var (pool, created) = NewPool(1);
        var broken = await pool.RentAsync(CancellationToken.None);
        await pool.DiscardAsync(broken);
        var fresh = await pool.RentAsync(CancellationToken.None);

        Assert.True(broken.Disposed);
        Assert.NotSame(broken, fresh);
        Assert.Equal(2, created());
        Assert.Equal(1, pool.Live);
    }

    [Fact]
    public async Task A_failed_creation_frees_its_slot()
    {
        var attempts = 0;
        var pool = new InstancePool<Instance>(1, _ => ++attempts == 1
            ? ValueTask.FromException<Instance>(new InvalidOperationException("no"))
            : ValueTask.FromResult(new Instance(attempts)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync(CancellationToken.None).AsTask());
        var instance = await pool.RentAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, instance.Number);
    }

    [Fact]
    public async Task Disposing_the_pool_disposes_idle_and_later_returned_instances()
    {
        var (pool, _) = NewPool(2);
        var idle = await pool.RentAsync(CancellationToken.None);
        var rented = await pool.RentAsync(CancellationToken.None);
        pool.Return(idle);

        await pool.DisposeAsync();
        pool.Return(rented);

        Assert.True(idle.Disposed);
        Assert.True(rented.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(CancellationToken.None).AsTask());
    }
}
