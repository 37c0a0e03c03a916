using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Interpretation;

/// <summary>A service call the script asks the host to make; answered by id in a later invocation.</summary>
/// <param name="Tetraplets">One list per argument.</param>
public sealed record CallRequest(
    string ServiceId,
    string FunctionName,
    IReadOnlyList<JsonNode?> Arguments,
    IReadOnlyList<IReadOnlyList<SecurityTetraplet>> Tetraplets);
