using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Addressing;

/// <summary>
/// A multiaddr (<c>/ip4/127.0.0.1/tcp/9990/ws/p2p/12D3KooW…</c>) in text and binary form, limited to ip4, ip6, tcp,
/// ws, wss, dns, dns4, dns6 and p2p. Immutable; values are validated on parse.
/// </summary>
public sealed class Multiaddr : IEquatable<Multiaddr>
{
    private readonly MultiaddrComponent[] _components;
    private readonly string _text;

    private Multiaddr(MultiaddrComponent[] components)
    {
        _components = components;
        _text = string.Concat(components.Select(c => c.ToString()));
    }

    public IReadOnlyList<MultiaddrComponent> Components => _components;

    /// <summary>The peer id of the trailing <c>/p2p/…</c>, if any.</summary>
    public PeerId? PeerId => _components.Length > 0 && _components[^1].Protocol == MultiaddrProtocol.P2p
        ? Identity.PeerId.Parse(_components[^1].Value) : null;

    public string? Host => _components.FirstOrDefault(c => c.Protocol is MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6
        or MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6).Value;

    public int? TcpPort => _components.FirstOrDefault(c => c.Protocol == MultiaddrProtocol.Tcp) is { Value.Length: > 0 } tcp
        ? int.Parse(tcp.Value) : null;

    public bool Has(MultiaddrProtocol protocol) => _components.Any(c => c.Protocol == protocol);

    /// <summary>This address followed by <paramref name="suffix"/>'s components.</summary>
    public Multiaddr Encapsulate(Multiaddr suffix) => new([.. _components, .. suffix._components]);

    public Multiaddr WithPeerId(PeerId peerId) =>
        new([.. _components.Where(c => c.Protocol != MultiaddrProtocol.P2p), new MultiaddrComponent(MultiaddrProtocol.P2p, peerId.ToString())]);

    /// <summary>This address without a trailing <c>/p2p/…</c>.</summary>
    public Multiaddr WithoutPeerId() => new(_components.Where(c => c.Protocol != MultiaddrProtocol.P2p).ToArray());

    public static Multiaddr Parse(string text)
    {
        if (!TryParse(text, out var addr, out var error))
            throw new FormatException(error);
        return addr;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Multiaddr? multiaddr) => TryParse(text, out multiaddr, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Multiaddr? multiaddr, [NotNullWhen(false)] out string? error)
    {
        multiaddr = null;
        if (string.IsNullOrWhiteSpace(text) || text[0] != '/')
        {
            error = $"multiaddr '{text}' must start with '/'";
            return false;
        }
        var parts = text.TrimEnd('/').Split('/');
        var components = new List<MultiaddrComponent>();
        for (int i = 1; i < parts.Length; i++)
        {
            if (!TryProtocol(parts[i], out var protocol))
            {
                error = $"multiaddr '{text}': unknown protocol '{parts[i]}' (supported: ip4, ip6, tcp, ws, wss, dns, dns4, dns6, p2p)";
                return false;
            }
            string value = "";
            if (HasValue(protocol))
            {
                if (++i >= parts.Length || parts[i].Length == 0)
                {
                    error = $"multiaddr '{text}': /{parts[i - 1]} needs a value";
                    return false;
                }
                if (!TryNormalizeValue(protocol, parts[i], out value, out var valueError))
                {
                    error = $"multiaddr '{text}': {valueError}";
                    return false;
                }
            }
            components.Add(new MultiaddrComponent(protocol, value));
        }
        if (components.Count == 0)
        {
            error = "multiaddr is empty";
            return false;
        }
        multiaddr = new Multiaddr([.. components]);
        error = null;
        return true;
    }

    /// <summary>The binary form: for each protocol its varint code, then its value bytes.</summary>
    public byte[] ToBytes()
    {
        var buffer = new List<byte>();
        Span<byte> varint = stackalloc byte[Varint.MaxLength];
        foreach (var c in _components)
        {
            buffer.AddRange(varint[..Varint.Write(varint, (ulong)c.Protocol)].ToArray());
            switch (c.Protocol)
            {
                case MultiaddrProtocol.Ip4:
                case MultiaddrProtocol.Ip6:
                    buffer.AddRange(IPAddress.Parse(c.Value).GetAddressBytes());
                    break;
                case MultiaddrProtocol.Tcp:
                    var port = new byte[2];
                    BinaryPrimitives.WriteUInt16BigEndian(port, ushort.Parse(c.Value));
                    buffer.AddRange(port);
                    break;
                case MultiaddrProtocol.Dns:
                case MultiaddrProtocol.Dns4:
                case MultiaddrProtocol.Dns6:
                    AddLengthPrefixed(buffer, Encoding.UTF8.GetBytes(c.Value));
                    break;
                case MultiaddrProtocol.P2p:
                    AddLengthPrefixed(buffer, Identity.PeerId.Parse(c.Value).Bytes.ToArray());
                    break;
            }
        }
        return [.. buffer];
    }

    public static Multiaddr FromBytes(ReadOnlySpan<byte> bytes)
    {
        var components = new List<MultiaddrComponent>();
        while (!bytes.IsEmpty)
        {
            ulong code = Varint.Read(bytes, out int n);
            bytes = bytes[n..];
            if (!Enum.IsDefined(typeof(MultiaddrProtocol), (int)code) || code > int.MaxValue)
                throw new FormatException($"binary multiaddr: unsupported protocol code {code}");
            var protocol = (MultiaddrProtocol)(int)code;
            string value = "";
            switch (protocol)
            {
                case MultiaddrProtocol.Ip4:
                    value = new IPAddress(Take(ref bytes, 4)).ToString();
                    break;
                case MultiaddrProtocol.Ip6:
                    value = new IPAddress(Take(ref bytes, 16)).ToString();
                    break;
                case MultiaddrProtocol.Tcp:
                    value = BinaryPrimitives.ReadUInt16BigEndian(Take(ref bytes, 2)).ToString();
                    break;
                case MultiaddrProtocol.Dns:
                case MultiaddrProtocol.Dns4:
                case MultiaddrProtocol.Dns6:
                    // Held to the text form's rule: a name with '/' (or any non-DNS text) from a remote peer
                    // would otherwise re-parse as different components.
                    value = Encoding.UTF8.GetString(TakeLengthPrefixed(ref bytes));
                    if (!TryNormalizeValue(protocol, value, out value, out var error))
                        throw new FormatException($"binary multiaddr: {error}");
                    break;
                case MultiaddrProtocol.P2p:
                    value = Identity.PeerId.FromBytes(TakeLengthPrefixed(ref bytes)).ToString();
                    break;
            }
            components.Add(new MultiaddrComponent(protocol, value));
        }
        if (components.Count == 0)
            throw new FormatException("binary multiaddr is empty");
        return new Multiaddr([.. components]);
    }

    private static void AddLengthPrefixed(List<byte> buffer, byte[] value)
    {
        buffer.AddRange(Varint.Encode((ulong)value.Length));
        buffer.AddRange(value);
    }

    private static byte[] Take(ref ReadOnlySpan<byte> bytes, int count)
    {
        if (bytes.Length < count)
            throw new FormatException($"binary multiaddr is truncated: needed {count} bytes, {bytes.Length} left");
        var value = bytes[..count].ToArray();
        bytes = bytes[count..];
        return value;
    }

    private static byte[] TakeLengthPrefixed(ref ReadOnlySpan<byte> bytes)
    {
        ulong length = Varint.Read(bytes, out int n);
        if (length > (ulong)(bytes.Length - n))
            throw new FormatException("binary multiaddr is truncated");
        bytes = bytes[n..];
        return Take(ref bytes, (int)length);
    }

    private static bool TryProtocol(string name, out MultiaddrProtocol protocol)
    {
        protocol = default;
        if (name.Length == 0 || !char.IsLower(name[0]) && !char.IsDigit(name[0]))
            return false;
        if (name == "ipfs")
            name = "p2p";
        return Enum.TryParse(name, ignoreCase: true, out protocol) && name == name.ToLowerInvariant() && Enum.IsDefined(protocol);
    }

    private static bool HasValue(MultiaddrProtocol protocol) => protocol is not (MultiaddrProtocol.Ws or MultiaddrProtocol.Wss);

    private static bool TryNormalizeValue(MultiaddrProtocol protocol, string raw, out string value, [NotNullWhen(false)] out string? error)
    {
        value = raw;
        error = null;
        switch (protocol)
        {
            case MultiaddrProtocol.Ip4:
                if (!IPAddress.TryParse(raw, out var ip4) || ip4.AddressFamily != AddressFamily.InterNetwork || raw.Count(ch => ch == '.') != 3)
                    error = $"'{raw}' is not an IPv4 address";
                else
                    value = ip4.ToString();
                break;
            case MultiaddrProtocol.Ip6:
                if (!IPAddress.TryParse(raw, out var ip6) || ip6.AddressFamily != AddressFamily.InterNetworkV6)
                    error = $"'{raw}' is not an IPv6 address";
                else
                    value = ip6.ToString();
                break;
            case MultiaddrProtocol.Tcp:
                if (!ushort.TryParse(raw, System.Globalization.NumberStyles.None, null, out var port))
                    error = $"'{raw}' is not a TCP port (0-65535)";
                else
                    value = port.ToString();
                break;
            case MultiaddrProtocol.Dns:
            case MultiaddrProtocol.Dns4:
            case MultiaddrProtocol.Dns6:
                if (Uri.CheckHostName(raw) != UriHostNameType.Dns)
                    error = $"'{raw}' is not a DNS name";
                break;
            case MultiaddrProtocol.P2p:
                if (!Identity.PeerId.TryParse(raw, out _, out var peerError))
                    error = peerError;
                break;
        }
        return error is null;
    }

    public bool Equals(Multiaddr? other) => other is not null && _text == other._text;
    public override bool Equals(object? obj) => Equals(obj as Multiaddr);
    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => _text;
}
