using System.Numerics;
using Fluence.Kernel.Content;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Chain;

/// <summary>
/// The chain slot: the deal marketplace (fluencelabs/deal contracts or an equivalent). Covers the seed flow:
/// the developer creates, matches and stops deals; peers see their compute units, read deals, register workers
/// and withdraw rewards. Addresses and hashes are 0x-prefixed hex; the signing wallet comes from the plugin's options.
/// </summary>
public interface IChain
{
    ValueTask<ulong> GetChainIdAsync(CancellationToken cancellationToken);

    ValueTask<ulong> GetBlockNumberAsync(CancellationToken cancellationToken);

    // Developer side.

    /// <summary>Approves the deposit and deploys a deal; returns the deal address.</summary>
    ValueTask<string> CreateDealAsync(DealSpec spec, CancellationToken cancellationToken);

    /// <summary>Matches a deal with compute units of registered offers; returns the transaction hash.</summary>
    ValueTask<string> MatchDealAsync(string deal, IReadOnlyList<ComputeUnitId> units, CancellationToken cancellationToken);

    ValueTask<string> SetAppCidAsync(string deal, Cid appCid, CancellationToken cancellationToken);

    /// <summary>Ends the deal (<c>Deal.stop()</c>); returns the transaction hash.</summary>
    ValueTask<string> StopDealAsync(string deal, CancellationToken cancellationToken);

    // Peer side.

    /// <summary>Registers this provider's offer with its peers and compute units; returns the offer id.</summary>
    ValueTask<string> RegisterOfferAsync(OfferSpec spec, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<ComputeUnit>> GetComputeUnitsAsync(PeerId peer, CancellationToken cancellationToken);

    ValueTask<DealInfo> GetDealAsync(string deal, CancellationToken cancellationToken);

    /// <summary>Records the worker serving <paramref name="unit"/> in the deal; returns the transaction hash.</summary>
    ValueTask<string> RegisterWorkerAsync(string deal, ComputeUnitId unit, PeerId worker, CancellationToken cancellationToken);

    ValueTask<TransactionStatus> GetTransactionStatusAsync(string transactionHash, CancellationToken cancellationToken);

    ValueTask<BigInteger> GetRewardAsync(string deal, ComputeUnitId unit, CancellationToken cancellationToken);

    /// <summary>Withdraws the rewards of <paramref name="unit"/>; returns the transaction hash.</summary>
    ValueTask<string> WithdrawRewardsAsync(string deal, ComputeUnitId unit, CancellationToken cancellationToken);
}
