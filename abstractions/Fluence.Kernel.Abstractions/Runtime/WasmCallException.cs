namespace Fluence.Kernel.Runtime;

public enum WasmFailure
{
    /// <summary>The module is not valid Wasm, or not a valid Marine module.</summary>
    InvalidModule,
    /// <summary>An import could not be satisfied (unknown host function, missing module, refused mounted binary).</summary>
    Link,
    /// <summary>No such function on the facade, or arguments that do not match its signature.</summary>
    InvalidArguments,
    /// <summary>The guest trapped (unreachable, out of bounds, abort).</summary>
    Trap,
    /// <summary>The call ran past its deadline or was cancelled.</summary>
    Timeout,
    /// <summary>The service's memory limit was reached.</summary>
    MemoryExhausted,
}

/// <summary>Any failure of loading or calling a Wasm service; the message is what AIR sees as the call's error.</summary>
public sealed class WasmCallException(WasmFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public WasmFailure Failure { get; } = failure;
}
