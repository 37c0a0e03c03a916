namespace Fluence.Kernel.Addressing;

/// <summary>The multiaddr protocols the kernel speaks, with their multicodec codes.</summary>
public enum MultiaddrProtocol
{
    Ip4 = 4,
    Tcp = 6,
    Ip6 = 41,
    Dns = 53,
    Dns4 = 54,
    Dns6 = 55,
    P2p = 421,
    Ws = 477,
    Wss = 478,
}
