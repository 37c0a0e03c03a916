using System.Net;
using System.Net.Sockets;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

/// <summary>
/// Daemons that are down, late, or answer what the Kubo API never answers: a raw TCP listener on 127.0.0.1 plays
/// them, since the real daemon cannot be made to misbehave on demand.
/// </summary>
public sealed class FaultyDaemonTests
{
    private const string Json = "application/json";

    private static readonly IpfsOptions FastRetries = new() { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(50), RequestTimeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task A_daemon_that_is_down_fails_with_the_address_after_the_retries()
    {
        int port = OneShotHttpServer.FreePort();
        using var client = new KuboClient(new Uri($"http://127.0.0.1:{port}/"), FastRetries);

        var error = await Assert.ThrowsAsync<KuboApiException>(() => client.VersionAsync(CancellationToken.None));

        Assert.Contains("cannot reach the IPFS API", error.Message);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task A_daemon_that_comes_up_during_the_backoff_is_reached()
    {
        int port = OneShotHttpServer.FreePort();
        using var client = new KuboClient(new Uri($"http://127.0.0.1:{port}/"), FastRetries);
        var late = Task.Run(async () =>
        {
            await Task.Delay(120);
            await OneShotHttpServer.ServeOnceAsync(port, "200 OK", """{"Version":"0.29.0","Commit":"","Repo":"16"}""", Json);
        });

        var version = await client.VersionAsync(CancellationToken.None);

        Assert.Equal("0.29.0", version.Version);
        await late;
    }

    [Fact]
    public async Task A_daemon_that_accepts_but_never_answers_times_out_clearly()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var client = new KuboClient(new Uri($"http://127.0.0.1:{port}/"), new IpfsOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });

            var error = await Assert.ThrowsAsync<KuboApiException>(() => client.VersionAsync(CancellationToken.None));

            Assert.Contains("no answer", error.Message);
            Assert.Equal("version", error.Command);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_garbage_answer_is_reported_as_not_the_API()
    {
        var (port, server) = OneShotHttpServer.Start("200 OK", "<html>this is a web server</html>", Json);
        using var client = new KuboClient(new Uri($"http://127.0.0.1:{port}/"), FastRetries);

        var error = await Assert.ThrowsAsync<KuboApiException>(() => client.IdAsync(CancellationToken.None));

        Assert.Contains("not JSON", error.Message);
        await server;
    }

    [Fact]
    public async Task An_error_answer_that_is_not_JSON_keeps_the_status_and_text()
    {
        var (port, server) = OneShotHttpServer.Start("502 Bad Gateway", "upstream went away", Json);
        using var client = new KuboClient(new Uri($"http://127.0.0.1:{port}/"), FastRetries);

        var error = await Assert.ThrowsAsync<KuboApiException>(() => client.VersionAsync(CancellationToken.None));

        Assert.Equal(502, error.StatusCode);
        Assert.Contains("upstream went away", error.Message);
        await server;
    }

    [Fact]
    public async Task Content_that_does_not_hash_to_its_CID_fails_the_read()
    {
        var cid = Cid.RawSha256("the real content"u8);
        int port = OneShotHttpServer.FreePort();
        var server = Task.Run(async () =>
        {
            // block/stat says the block is there; cat serves other bytes.
            await OneShotHttpServer.ServeOnceAsync(port, "200 OK", $$"""{"Key":"{{cid}}","Size":16}""", Json);
            await OneShotHttpServer.ServeOnceAsync(port, "200 OK", "the fake content", Json);
        });
        await Task.Delay(50);
        using var store = new IpfsContentStore(Options.Create(new IpfsOptions { ApiAddress = $"/ip4/127.0.0.1/tcp/{port}", RetryDelay = TimeSpan.FromMilliseconds(50) }),
            NullLogger<IpfsContentStore>.Instance);

        var error = await Assert.ThrowsAsync<ContentCorruptedException>(async () =>
        {
            await using var read = await store.OpenReadAsync(cid, CancellationToken.None);
            await read.CopyToAsync(Stream.Null);
        });

        Assert.Equal(cid, error.Cid);
        await server;
    }
}
