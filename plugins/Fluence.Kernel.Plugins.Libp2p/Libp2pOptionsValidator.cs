using Fluence.Kernel.Addressing;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>Checks the <c>Libp2p</c> section before the peer starts, naming the key and what is wrong with it.</summary>
internal sealed class Libp2pOptionsValidator : IValidateOptions<Libp2pOptions>
{
    public ValidateOptionsResult Validate(string? name, Libp2pOptions options)
    {
        var errors = new List<string>();
        for (int i = 0; i < options.EffectiveListenAddresses.Count; i++)
        {
            var text = options.EffectiveListenAddresses[i];
            if (!Multiaddr.TryParse(text, out var address, out var error))
                errors.Add($"Libp2p:ListenAddresses:{i}: {error}");
            else if (TransportAddresses.KindOf(address) is null || !System.Net.IPAddress.TryParse(address.Host, out _) || address.Has(MultiaddrProtocol.P2p))
                errors.Add($"Libp2p:ListenAddresses:{i}: '{text}' is not /ip4|ip6/<ip>/tcp/<port>[/ws]");
        }
        for (int i = 0; i < options.BootstrapPeers.Count; i++)
        {
            var text = options.BootstrapPeers[i];
            if (!Multiaddr.TryParse(text, out var address, out var error))
                errors.Add($"Libp2p:BootstrapPeers:{i}: {error}");
            else if (address.PeerId is null || TransportAddresses.KindOf(address) is null)
                errors.Add($"Libp2p:BootstrapPeers:{i}: '{text}' must be a tcp or ws address ending in /p2p/<peer id>");
        }
        Positive(errors, nameof(options.DialTimeout), options.DialTimeout);
        Positive(errors, nameof(options.HandshakeTimeout), options.HandshakeTimeout);
        Positive(errors, nameof(options.WriteTimeout), options.WriteTimeout);
        Positive(errors, nameof(options.KademliaQueryTimeout), options.KademliaQueryTimeout);
        Positive(errors, nameof(options.BootstrapBackoff), options.BootstrapBackoff);
        if (options.BootstrapBackoffMax < options.BootstrapBackoff)
            errors.Add("Libp2p:BootstrapBackoffMax must be at least BootstrapBackoff");
        Range(errors, nameof(options.MaxFrameSize), options.MaxFrameSize, 1024, 1 << 30);
        Range(errors, nameof(options.MaxConnections), options.MaxConnections, 1, 1_000_000);
        Range(errors, nameof(options.MaxConnectionsPerPeer), options.MaxConnectionsPerPeer, 1, 1024);
        Range(errors, nameof(options.MaxStreamsPerConnection), options.MaxStreamsPerConnection, 1, 65536);
        Range(errors, nameof(options.MaxConcurrentParticleStreams), options.MaxConcurrentParticleStreams, 1, 65536);
        Range(errors, nameof(options.InboundCapacity), options.InboundCapacity, 1, 1_000_000);
        Range(errors, nameof(options.KademliaBucketSize), options.KademliaBucketSize, 1, 100);
        if (string.IsNullOrEmpty(options.KademliaNetwork) || !options.KademliaNetwork.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9'))
            errors.Add($"Libp2p:KademliaNetwork: '{options.KademliaNetwork}' must be lowercase letters and digits (dar, stage, kras or a hex id)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"Libp2p:{key}: must be positive, got {value}");
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
            errors.Add($"Libp2p:{key}: must be within {min}..{max}, got {value}");
    }
}
