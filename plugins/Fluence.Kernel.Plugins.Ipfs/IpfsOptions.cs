namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>Configuration section <c>Ipfs</c>.</summary>
public sealed class IpfsOptions
{
    /// <summary>The Kubo RPC API: a multiaddr (<c>/ip4/127.0.0.1/tcp/5001</c>) or a URL (<c>http://127.0.0.1:5001</c>).</summary>
    public string ApiAddress { get; set; } = "/ip4/127.0.0.1/tcp/5001";

    /// <summary>Time to open a connection to the API.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time for a request's answer to start (an add or a cat of a large file may stream far longer).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long the daemon may look for a block it does not hold (its <c>timeout</c> argument). Offline daemons
    /// otherwise wait forever for a CID nobody provides.
    /// </summary>
    public TimeSpan BlockTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts after a connection failure, with exponential backoff from <see cref="RetryDelay"/>.</summary>
    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest file an add accepts, in bytes.</summary>
    public long MaxFileSize { get; set; } = 16L * 1024 * 1024 * 1024;
}
