using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers;

/// <summary>A worker: a sub-peer hosted for one deal, with its own key pair and its own namespace of services and spells.</summary>
/// <param name="ComputeUnitIds">The deal's compute units on this peer, lowercase hex without 0x.</param>
/// <param name="Creator">The peer that called <c>worker.create</c> (the host or its manager).</param>
public sealed record WorkerInfo(
    PeerId WorkerId,
    string DealId,
    PeerId Creator,
    IReadOnlyList<string> ComputeUnitIds,
    bool Active,
    DateTimeOffset CreatedAt);
