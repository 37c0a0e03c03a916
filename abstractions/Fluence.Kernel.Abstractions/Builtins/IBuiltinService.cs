namespace Fluence.Kernel.Builtins;

/// <summary>
/// A service the peer itself answers (<c>peer</c>, <c>op</c>, <c>srv</c>, <c>aqua-ipfs</c>, …), one class per service id.
/// Plugins add their own by registering an <see cref="IBuiltinService"/> in the container.
/// </summary>
public interface IBuiltinService
{
    string ServiceId { get; }

    /// <summary>Answers a call. Unknown functions return <see cref="FunctionOutcome.NotDefined"/>, never throw.</summary>
    ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken);
}
