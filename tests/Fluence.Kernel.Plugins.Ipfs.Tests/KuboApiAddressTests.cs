using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

public sealed class KuboApiAddressTests
{
    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/5001", "http://127.0.0.1:5001/")]
    [InlineData("/ip4/127.0.0.1/tcp/5001/http", "http://127.0.0.1:5001/")]
    [InlineData("/dns4/ipfs.example/tcp/443/https", "https://ipfs.example:443/")]
    [InlineData("/ip6/::1/tcp/5001", "http://[::1]:5001/")]
    [InlineData("http://127.0.0.1:5001", "http://127.0.0.1:5001/")]
    [InlineData("http://127.0.0.1:5001/api/v0/", "http://127.0.0.1:5001/")]
    [InlineData("https://gateway.example/ipfs-api", "https://gateway.example/ipfs-api/")]
    public void An_API_address_is_read_as_multiaddr_or_URL(string text, string expected)
    {
        Assert.Equal(new Uri(expected), KuboApiAddress.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/ip4/127.0.0.1")]
    [InlineData("/ip4/127.0.0.1/udp/5001")]
    [InlineData("ftp://127.0.0.1:5001")]
    [InlineData("127.0.0.1:5001")]
    public void A_malformed_API_address_is_refused_with_a_reason(string text)
    {
        Assert.False(KuboApiAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
