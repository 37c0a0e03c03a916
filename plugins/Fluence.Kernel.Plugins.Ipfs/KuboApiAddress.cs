using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Addressing;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>Turns the ways users write a Kubo API address into the base URL of <c>/api/v0</c>.</summary>
public static class KuboApiAddress
{
    public static Uri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);

    /// <summary>Accepts <c>/ip4|ip6|dns|dns4|dns6/&lt;host&gt;/tcp/&lt;port&gt;[/http|/https]</c> and <c>http(s)://host:port[/]</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "the IPFS API address is empty";
            return false;
        }
        if (text.StartsWith('/'))
        {
            string scheme = "http";
            var trimmed = text.TrimEnd('/');
            if (trimmed.EndsWith("/https", StringComparison.Ordinal))
            {
                scheme = "https";
                trimmed = trimmed[..^"/https".Length];
            }
            else if (trimmed.EndsWith("/http", StringComparison.Ordinal))
            {
                trimmed = trimmed[..^"/http".Length];
            }
            if (!Multiaddr.TryParse(trimmed, out var addr, out var maError))
            {
                error = $"IPFS API address: {maError}";
                return false;
            }
            if (addr.Host is not { } host || addr.TcpPort is not { } port)
            {
                error = $"IPFS API address '{text}' needs a host and a tcp port, like /ip4/127.0.0.1/tcp/5001";
                return false;
            }
            bool ip6 = addr.Has(MultiaddrProtocol.Ip6);
            uri = new Uri($"{scheme}://{(ip6 ? $"[{host}]" : host)}:{port}/");
            error = null;
            return true;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            var path = parsed.AbsolutePath.TrimEnd('/');
            if (path.EndsWith("/api/v0", StringComparison.Ordinal))
                path = path[..^"/api/v0".Length];
            uri = new Uri($"{parsed.Scheme}://{parsed.Authority}{path}/");
            error = null;
            return true;
        }
        error = $"IPFS API address '{text}' is neither a multiaddr (/ip4/127.0.0.1/tcp/5001) nor an http(s) URL";
        return false;
    }
}
