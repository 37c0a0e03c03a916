namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class InvocationDeadlineTests
{
    [Fact]
    public async Task An_armed_deadline_fires_after_its_timeout()
    {
        using var deadline = new InvocationDeadline();
        using var armed = deadline.Arm(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        await Task.Delay(Timeout.Infinite, armed.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(armed.Token.IsCancellationRequested);
    }

    [Fact]
    public void Cancelling_the_caller_cancels_the_armed_deadline()
    {
        using var deadline = new InvocationDeadline();
        using var caller = new CancellationTokenSource();
        using var armed = deadline.Arm(TimeSpan.FromMinutes(1), caller.Token);

        caller.Cancel();

        Assert.True(armed.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_disarmed_deadline_no_longer_fires_nor_follows_the_caller()
    {
        using var deadline = new InvocationDeadline();
        using var caller = new CancellationTokenSource();
        var armed = deadline.Arm(TimeSpan.FromMilliseconds(20), caller.Token);
        var token = armed.Token;
        armed.Dispose();

        caller.Cancel();
        await Task.Delay(100);

        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public void After_firing_the_next_invocation_gets_a_fresh_deadline()
    {
        using var deadline = new InvocationDeadline();
        using var caller = new CancellationTokenSource();
        using (var first = deadline.Arm(TimeSpan.FromMinutes(1), caller.Token))
        {
            caller.Cancel();
            Assert.True(first.Token.IsCancellationRequested);
        }

        using var second = deadline.Arm(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.False(second.Token.IsCancellationRequested);
    }
}
