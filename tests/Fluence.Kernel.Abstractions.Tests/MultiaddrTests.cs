using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

public sealed class MultiaddrTests
{
    private const string Peer = "12D3KooWLLF7gQKb77xXHVZn3KXa14xp3RBiAkbnK2UBRpDaR8Kb";

    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/9990/ws/p2p/" + Peer)]
    [InlineData("/ip4/10.0.0.1/tcp/443/wss")]
    [InlineData("/ip6/::1/tcp/7770")]
    [InlineData("/ip6/2001:db8::8a2e:370:7334/tcp/1/ws")]
    [InlineData("/dns4/kras-00.fluence.dev/tcp/19001/wss/p2p/" + Peer)]
    [InlineData("/dns6/example.com/tcp/80")]
    [InlineData("/dns/localhost/tcp/0/ws")]
    [InlineData("/p2p/" + Peer)]
    public void Text_and_binary_forms_round_trip(string text)
    {
        var addr = Multiaddr.Parse(text);
        Assert.Equal(text, addr.ToString());

        var decoded = Multiaddr.FromBytes(addr.ToBytes());

        Assert.Equal(addr, decoded);
        Assert.Equal(text, decoded.ToString());
        Assert.Equal(addr.ToBytes(), decoded.ToBytes());
    }

    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/4001", "047f000001060fa1")]
    [InlineData("/ip4/1.2.3.4/tcp/80/ws", "0401020304060050dd03")]
    [InlineData("/dns4/a.b/tcp/1", "3603612e62060001")]
    public void The_binary_form_matches_the_multiaddr_codec(string text, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(Multiaddr.Parse(text).ToBytes()));
        Assert.Equal(text, Multiaddr.FromBytes(Convert.FromHexString(hex)).ToString());
    }

    [Fact]
    public void The_parts_of_an_address_are_exposed()
    {
        var addr = Multiaddr.Parse("/ip4/127.0.0.1/tcp/9990/ws/p2p/" + Peer);

        Assert.Equal("127.0.0.1", addr.Host);
        Assert.Equal(9990, addr.TcpPort);
        Assert.Equal(PeerId.Parse(Peer), addr.PeerId);
        Assert.True(addr.Has(MultiaddrProtocol.Ws));
        Assert.Equal("/ip4/127.0.0.1/tcp/9990/ws", addr.WithoutPeerId().ToString());
        Assert.Equal(addr, addr.WithoutPeerId().WithPeerId(PeerId.Parse(Peer)));
    }

    [Fact]
    public void The_legacy_ipfs_name_reads_as_p2p()
    {
        Assert.Equal("/p2p/" + Peer, Multiaddr.Parse("/ipfs/" + Peer).ToString());
    }

    [Theory]
    [InlineData("", "must start with '/'")]
    [InlineData("ip4/1.2.3.4", "must start with '/'")]
    [InlineData("/", "multiaddr is empty")]
    [InlineData("/ip4/256.0.0.1", "'256.0.0.1' is not an IPv4 address")]
    [InlineData("/ip4/1.2.3", "'1.2.3' is not an IPv4 address")]
    [InlineData("/ip6/1.2.3.4", "'1.2.3.4' is not an IPv6 address")]
    [InlineData("/ip4/1.2.3.4/tcp/70000", "'70000' is not a TCP port")]
    [InlineData("/ip4/1.2.3.4/tcp/-1", "'-1' is not a TCP port")]
    [InlineData("/ip4", "/ip4 needs a value")]
    [InlineData("/udp/53", "unknown protocol 'udp'")]
    [InlineData("/IP4/1.2.3.4", "unknown protocol 'IP4'")]
    [InlineData("/dns4/bad_name!/tcp/1", "'bad_name!' is not a DNS name")]
    [InlineData("/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "sha2-256 multihash")]
    public void Invalid_text_is_rejected_with_a_clear_message(string text, string message)
    {
        Assert.False(Multiaddr.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
    }

    [Theory]
    [InlineData("", "binary multiaddr is empty")]
    [InlineData("047f0000", "binary multiaddr is truncated: needed 4 bytes, 3 left")]
    [InlineData("060f", "binary multiaddr is truncated: needed 2 bytes, 1 left")]
    [InlineData("9102", "unsupported protocol code 273")]
    [InlineData("360561", "binary multiaddr is truncated")]
    [InlineData("80", "truncated varint")]
    [InlineData("36086576696c2f703270", "'evil/p2p' is not a DNS name")]
    [InlineData("3500", "'' is not a DNS name")]
    public void Invalid_bytes_are_rejected_with_a_clear_message(string hex, string message)
    {
        Assert.Contains(message, Assert.Throws<FormatException>(() => Multiaddr.FromBytes(Convert.FromHexString(hex))).Message);
    }
}
