using System.Numerics;
using Fluence.Kernel.Content;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Chain;

/// <summary>A compute unit id: 32 bytes on chain, 0x-hex in text.</summary>
public readonly record struct ComputeUnitId(string Hex)
{
    public override string ToString() => Hex;
}

/// <summary>As <c>Deal.getStatus()</c> numbers them.</summary>
public enum DealStatus
{
    InsufficientFunds = 0,
    Active = 1,
    Ended = 2,
    NotEnoughWorkers = 3,
    SmallBalance = 4,
}

public enum TransactionStatus
{
    Pending,
    Failed,
    Ok,
}

/// <param name="Deal">Address of the deal this unit serves, or null when free.</param>
public sealed record ComputeUnit(ComputeUnitId Id, string? Deal, ulong StartEpoch);

public sealed record DealInfo(string Address, DealStatus Status, Cid AppCid, IReadOnlyList<ComputeUnitId> ComputeUnits, string Owner);

public sealed record DealSpec(
    Cid AppCid,
    BigInteger Deposit,
    BigInteger PricePerWorkerEpoch,
    uint MinWorkers,
    uint TargetWorkers,
    uint MaxWorkersPerProvider,
    IReadOnlyList<Cid> Effectors,
    IReadOnlyList<string> ProviderWhitelist);

public sealed record OfferSpec(
    BigInteger MinPricePerWorkerEpoch,
    IReadOnlyList<Cid> Effectors,
    IReadOnlyList<OfferPeer> Peers);

public sealed record OfferPeer(PeerId PeerId, IReadOnlyList<ComputeUnitId> Units);
