using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fluence.Kernel.Tests;

/// <summary>
/// The receiving end of OTLP/HTTP on 127.0.0.1: accepts every export request, keeps its path, content type and body,
/// and answers 200 with an empty protobuf response (what a collector answers when it accepts everything).
/// </summary>
public sealed class OtlpHttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> _requests = new();
    private readonly Task _serving;

    private OtlpHttpReceiver(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Endpoint);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Endpoint { get; }

    public static OtlpHttpReceiver Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new OtlpHttpReceiver(port);
    }

    /// <summary>The bodies posted to <paramref name="path"/> with the OTLP/HTTP protobuf content type.</summary>
    public IReadOnlyList<byte[]> Bodies(string path) =>
        _requests.Where(r => r.Path == path && r.ContentType == "application/x-protobuf").Select(r => r.Body).ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
