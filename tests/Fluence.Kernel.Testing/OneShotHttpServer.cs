using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fluence.Kernel.Testing;

/// <summary>
/// A fake HTTP server on 127.0.0.1 that answers exactly one request with a fixed status and body, then closes:
/// enough to play a daemon that is late, answers garbage or fails.
/// </summary>
public static class OneShotHttpServer
{
    /// <summary>Listens on a free port now and answers the first request in the background.</summary>
    public static (int Port, Task Served) Start(string status, string body, string? contentType = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return (port, AnswerAsync(listener, status, body, contentType));
    }

    /// <summary>Starts listening on <paramref name="port"/> (chosen earlier, e.g. to come up late) and answers one request.</summary>
    public static async Task ServeOnceAsync(int port, string status, string body, string? contentType = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        await AnswerAsync(listener, status, body, contentType);
    }

    /// <summary>A 127.0.0.1 TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task AnswerAsync(TcpListener listener, string status, string body, string? contentType)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var socket = await listener.AcceptSocketAsync(timeout.Token);
            await using var stream = new NetworkStream(socket);
            var request = new byte[64 * 1024];
            int read = 0;
            while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n"))
                read += await stream.ReadAsync(request.AsMemory(read), timeout.Token);
            var bytes = Encoding.UTF8.GetBytes(body);
            string type = contentType is null ? "" : $"Content-Type: {contentType}\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{type}Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), timeout.Token);
            await stream.WriteAsync(bytes, timeout.Token);
        }
        finally
        {
            listener.Stop();
        }
    }
}
