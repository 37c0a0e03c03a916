namespace Fluence.Kernel.Storage.AquaIpfs;

/// <summary>Settings of the <c>aqua-ipfs</c> builtin (configuration section <c>AquaIpfs</c> when the kernel binds it).</summary>
public sealed class AquaIpfsOptions
{
    /// <summary>What <c>get_external_api_multiaddr</c> answers: the Kubo API clients should upload to (e.g. <c>/dns4/ipfs.example/tcp/5001</c>).</summary>
    public string? ExternalApiMultiaddr { get; set; }

    /// <summary>What <c>get_external_swarm_multiaddr</c> answers, when set.</summary>
    public string? ExternalSwarmMultiaddr { get; set; }

    /// <summary>What <c>get_local_api_multiaddr</c> answers, when the storage slot is an IPFS node.</summary>
    public string? LocalApiMultiaddr { get; set; }

    /// <summary>Peers besides the host allowed to call the <c>set_*</c> functions (base58 peer ids).</summary>
    public IList<string> ManagementPeerIds { get; set; } = [];

    /// <summary>Time a fetch from another node (<c>get_from</c>, <c>cat_from</c>) may take; <c>set_timeout</c> changes it.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest file <c>get</c>/<c>get_from</c> write to a vault, in bytes.</summary>
    public long MaxFileSize { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The largest content <c>cat</c>/<c>cat_from</c> answer as a string, in bytes (it travels in particle data).</summary>
    public int MaxCatSize { get; set; } = 16 * 1024 * 1024;
}
