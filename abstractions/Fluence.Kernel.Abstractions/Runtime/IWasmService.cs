using System.Text.Json.Nodes;

namespace Fluence.Kernel.Runtime;

/// <summary>
/// An instantiated service. Calls are serialized per service by the implementation; different services run in
/// parallel. After a trap the implementation discards the instance and makes a fresh one for the next call.
/// </summary>
public interface IWasmService : IAsyncDisposable
{
    string ServiceId { get; }

    ServiceInterface Interface { get; }

    /// <summary>Calls a facade function with typed values. Throws <see cref="WasmCallException"/> on any failure.</summary>
    ValueTask<IReadOnlyList<ItValue>> CallAsync(string function, IReadOnlyList<ItValue> arguments, CallParameters callParameters, CancellationToken cancellationToken);

    /// <summary>
    /// Calls a facade function with JSON arguments as Marine's <c>call_with_json</c> does (array: positional,
    /// object: by name) and returns the JSON result (null for no output). Throws <see cref="WasmCallException"/>.
    /// </summary>
    ValueTask<JsonNode?> CallJsonAsync(string function, JsonNode? arguments, CallParameters callParameters, CancellationToken cancellationToken);

    /// <summary>Linear memory currently held by all modules of the service, in bytes.</summary>
    long MemoryUsed { get; }
}
