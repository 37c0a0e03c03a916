using System.Buffers;
using System.Net;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage.UnixFs;

namespace Fluence.Kernel.Storage.AquaIpfs;

/// <summary>
/// Fetches a file from another node's Kubo RPC API (<c>POST /api/v0/cat?arg=&lt;cid&gt;</c>) and checks, while it
/// streams, that its bytes build the requested CID (<c>ipfs add</c> layouts, CIDv1 raw leaves or CIDv0): a node that
/// serves other bytes fails the fetch and nothing it sent is kept.
/// </summary>
internal sealed class RemoteIpfsFetcher : IDisposable
{
    private readonly HttpClient _http;

    public RemoteIpfsFetcher()
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Writes the file to <paramref name="destination"/> (through a temporary file) and returns its size.</summary>
    public async Task<long> FetchAsync(string apiMultiaddr, Cid cid, Stream destination, long maxSize, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var api = ApiUri(apiMultiaddr);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var url = new Uri(api, $"api/v0/cat?arg={Uri.EscapeDataString(cid.ToString())}&timeout={(long)timeout.TotalMilliseconds}ms");
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                throw new AquaIpfsException($"{apiMultiaddr} answered {(int)response.StatusCode}: {Shorten(body)}");
            }
            await using var content = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            using var hasher = UnixFsFileHasher.For(cid);
            var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            try
            {
                int n;
                while ((n = await content.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    if (hasher.Size + n > maxSize)
                        throw new AquaIpfsException($"{cid} is larger than the limit of {maxSize} bytes");
                    hasher.Append(buffer.AsSpan(0, n));
                    await destination.WriteAsync(buffer.AsMemory(0, n), deadline.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (response.TrailingHeaders.TryGetValues("X-Stream-Error", out var errors) && errors.FirstOrDefault(e => e.Length > 0) is { } error)
                throw new AquaIpfsException($"{apiMultiaddr}: {error}");
            var stat = hasher.Complete();
            if (stat.Cid != cid)
                throw new AquaIpfsException($"the content {apiMultiaddr} served for {cid} builds {stat.Cid}; it is not the requested file " +
                    "(files added with 256 KiB chunks, as CIDv1 with raw leaves or as CIDv0, can be verified)");
            return stat.Size;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AquaIpfsException($"fetching {cid} from {apiMultiaddr} took longer than {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            throw new AquaIpfsException($"cannot fetch {cid} from {apiMultiaddr}: {ex.Message}", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary><c>/ip4|ip6|dns*/host/tcp/port[/http|/https]</c> → the API's base URL.</summary>
    internal static Uri ApiUri(string multiaddr)
    {
        var text = multiaddr.Trim().TrimEnd('/');
        var scheme = "http";
        if (text.EndsWith("/https", StringComparison.Ordinal))
        {
            scheme = "https";
            text = text[..^"/https".Length];
        }
        else if (text.EndsWith("/http", StringComparison.Ordinal))
        {
            text = text[..^"/http".Length];
        }
        if (!Multiaddr.TryParse(text, out var addr, out var error))
            throw new AquaIpfsException($"invalid IPFS API multiaddr: {error}");
        if (addr.Host is not { } host || addr.TcpPort is not { } port)
            throw new AquaIpfsException($"IPFS API multiaddr '{multiaddr}' needs a host and a tcp port, like /ip4/1.2.3.4/tcp/5001");
        return new Uri($"{scheme}://{(addr.Has(MultiaddrProtocol.Ip6) ? $"[{host}]" : host)}:{port}/");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
