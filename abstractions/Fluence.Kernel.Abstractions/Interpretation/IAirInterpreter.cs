namespace Fluence.Kernel.Interpretation;

/// <summary>
/// The interpreter slot: one invocation = one pass of an AIR script over merged particle data, as AquaVM's
/// <c>invoke</c>. Implementations are thread-safe (a pool or stateless); the kernel never runs two invocations of
/// one particle on one peer at once.
/// </summary>
public interface IAirInterpreter
{
    /// <summary>e.g. <c>aquavm</c>, <c>native</c>.</summary>
    string Name { get; }

    /// <summary>The interpreter version written into particle data and reported as <c>air_version</c>.</summary>
    string Version { get; }

    ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken);
}
