using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// A replayed result's stored value that is one long plain JSON string (<see cref="RawValue.IsPlainString"/>), put in
/// a variable before anything reads it. Passed on as a call argument, it never becomes a node over the input: the
/// request gets a view of its text in the output (one scan of the bytes, not two). Read otherwise, it becomes the
/// invocation's one node for its CID, as a value replayed eagerly does.
/// </summary>
internal sealed class PendingStoredValue(AirExecution execution, CidRef cid, RawValue text)
{
    public RawValue Text => text;

    public JsonNode? Read() => execution.ReadStoredValue(cid);
}
