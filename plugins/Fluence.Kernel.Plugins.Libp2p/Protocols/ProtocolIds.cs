namespace Fluence.Kernel.Plugins.Libp2p.Protocols;

/// <summary>The application protocols this peer serves on Yamux streams.</summary>
internal static class ProtocolIds
{
    public const string Particle = "/fluence/particle/2.0.0";
    public const string Identify = "/ipfs/id/1.0.0";
    public const string IdentifyPush = "/ipfs/id/push/1.0.0";
    public const string Ping = "/ipfs/ping/1.0.0";

    /// <summary>Fluence's Kademlia protocol for a network (<c>dar</c>, <c>stage</c>, <c>kras</c> or a hex id).</summary>
    public static string Kademlia(string network) => $"/fluence/kad/{network}/1.0.0";
}
