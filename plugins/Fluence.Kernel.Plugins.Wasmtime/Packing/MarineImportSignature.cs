using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Packing;

/// <summary>A function the packed module imports from another module of its service (Marine's <c>#[module_import]</c>).</summary>
/// <param name="Module">The other module's configured name (the Wasm import namespace).</param>
public sealed record MarineImportSignature(string Module, string Name, IReadOnlyList<ItField> Arguments, IReadOnlyList<ItType> Outputs);
