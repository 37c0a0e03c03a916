using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>
/// Lets several in-process peers use one interpreter without starting or stopping it (it is no
/// <see cref="Hosting.IPeerLifecycle"/>), and counts the invocations made through this view.
/// </summary>
public sealed class SharedInterpreter(IAirInterpreter inner) : IAirInterpreter
{
    private int _invocations;

    public string Name => inner.Name;

    public string Version => inner.Version;

    public int Invocations => Volatile.Read(ref _invocations);

    public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _invocations);
        return inner.InvokeAsync(invocation, cancellationToken);
    }
}
