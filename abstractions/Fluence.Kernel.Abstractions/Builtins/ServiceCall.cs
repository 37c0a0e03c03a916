using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Builtins;

/// <summary>One call request of a particle, addressed to a service in the current scope.</summary>
public sealed record ServiceCall(
    string ServiceId,
    string FunctionName,
    IReadOnlyList<JsonNode?> Arguments,
    IReadOnlyList<IReadOnlyList<SecurityTetraplet>> Tetraplets,
    ParticleContext Context);
